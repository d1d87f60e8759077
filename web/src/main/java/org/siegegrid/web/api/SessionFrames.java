package org.siegegrid.web.api;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.siegegrid.core.board.NodeEntry;
import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.report.ErrorKind;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionEvent;
import org.siegegrid.core.session.SessionEventLog;
import org.siegegrid.core.session.SessionState;

/**
 * The frames of {@code GET /api/v1/sessions/{id}/stream}: state, target vs achieved rate, errors,
 * corrected and service percentiles, each node's share and achieved rate, and what changed since
 * the previous frame ({@code events}): the session's event log entries appended since (each with its
 * {@code detail}, and {@code before}/{@code after} split from it at its arrow, for clients of the older
 * frame), then the two changes the frame itself sees — {@code state} and a node's {@code share} (a re-split)
 * with their before/after figures. The last frame of a deleted session is a {@code gone} event.
 */
final class SessionFrames implements FrameSource {
    private final Supplier<SiegeNode> node;
    private final String id;
    private SessionState lastState;
    private Map<String, Double> lastShares;
    private long lastSeq = -1;

    SessionFrames(Supplier<SiegeNode> node, String id) {
        this.node = node;
        this.id = id;
    }

    @Override
    public Result next(long seq) {
        SiegeNode n = node.get();
        Optional<Session> found = n.session(id);
        long now = n.grid().clusterTimeMillis();
        if (found.isEmpty() || found.get().deleted()) {
            JsonObject o = head(seq, now);
            o.addProperty("state", "DELETED");
            return new Result("gone", o, true);
        }
        Session s = found.get();
        Report r = n.stats(id);
        JsonObject o = head(seq, now);
        o.add("name", s.spec().name() == null ? JsonNull.INSTANCE : new JsonPrimitive(s.spec().name()));
        o.addProperty("state", s.state().name());
        o.addProperty("version", s.version());
        o.add("elapsedS", elapsed(s, now));
        o.add("remainingS", remaining(s, now));
        boolean active = s.state() == SessionState.RUNNING || s.state() == SessionState.PAUSED;
        o.add("targetRps", active ? Numbers.rate(s.board().targetRps()) : JsonNull.INSTANCE);
        o.add("achievedRps", active ? Numbers.rate(achieved(s)) : JsonNull.INSTANCE);
        o.addProperty("requests", r.totals().issued());
        o.addProperty("errors", r.totals().failures());
        JsonObject kinds = new JsonObject();
        for (ErrorKind k : ErrorKind.values()) {
            long c = r.totals().error(k);
            if (c > 0) {
                kinds.addProperty(k.key(), c);
            }
        }
        o.add("errorsByKind", kinds);
        JsonObject lat = new JsonObject();
        lat.add("corrected", latency(r.corrected()));
        lat.add("service", latency(r.service()));
        o.add("latency", lat);
        JsonArray nodes = new JsonArray();
        Map<String, Double> shares = new HashMap<>();
        for (NodeEntry e : s.board().entries().values()) {
            JsonObject x = new JsonObject();
            x.addProperty("id", e.nodeId());
            x.add("shareRps", Numbers.rate(e.share().rps()));
            x.addProperty("users", e.share().users());
            x.add("achievedRps", Numbers.rate(e.achievedRps()));
            x.addProperty("drained", e.drained());
            nodes.add(x);
            shares.put(e.nodeId(), e.share().rps());
        }
        o.add("nodes", nodes);
        o.add("events", events(s, shares, n.grid().events().get(id), now));
        return Result.of("session", o);
    }

    private JsonObject head(long seq, long now) {
        JsonObject o = new JsonObject();
        o.addProperty("seq", seq);
        o.add("at", Times.iso(now));
        o.addProperty("id", id);
        return o;
    }

    /** What changed since the previous frame; nothing in the first frame (the events endpoint has the past). */
    private JsonArray events(Session s, Map<String, Double> shares, SessionEventLog log, long now) {
        JsonArray out = new JsonArray();
        long seq = log == null ? 0 : log.lastSeq();
        if (lastShares != null) {
            if (log != null) {
                for (SessionEvent e : log.after(lastSeq)) {
                    out.add(logged(e));
                }
            }
            if (s.state() != lastState) {
                out.add(event("state", null, lastState.name(), s.state().name(), now));
            }
            for (Map.Entry<String, Double> e : shares.entrySet()) {
                Double before = lastShares.get(e.getKey());
                if (before != null && Math.abs(before - e.getValue()) > 0.005) {
                    out.add(event("share", e.getKey(), before, e.getValue(), now));
                }
            }
        }
        lastState = s.state();
        lastShares = shares;
        lastSeq = Math.max(lastSeq, seq);
        return out;
    }

    /** A log entry in a frame: as the events endpoint shows it, plus before/after split from its detail. */
    private static JsonObject logged(SessionEvent e) {
        JsonObject o = SessionEventsHandler.json(e);
        String[] parts = e.detail().split(" -> ", -1);
        o.add("before", parts.length == 2 ? new JsonPrimitive(parts[0]) : JsonNull.INSTANCE);
        o.add("after", parts.length == 2 ? new JsonPrimitive(parts[1]) : JsonNull.INSTANCE);
        return o;
    }

    private static JsonObject event(String kind, String nodeId, Object before, Object after, long now) {
        JsonObject e = new JsonObject();
        e.addProperty("kind", kind);
        e.add("at", Times.iso(now));
        e.add("node", nodeId == null ? JsonNull.INSTANCE : new JsonPrimitive(nodeId));
        e.add("before", value(before));
        e.add("after", value(after));
        e.addProperty("detail", text(before) + " -> " + text(after));
        return e;
    }

    private static String text(Object v) {
        return v == null ? "none" : v instanceof String str ? str : value(v).toString();
    }

    private static com.google.gson.JsonElement value(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof Double d) {
            return Numbers.rate(d);
        }
        if (v instanceof Long l) {
            return new JsonPrimitive(l);
        }
        return new JsonPrimitive(v.toString());
    }

    private static JsonObject latency(Report.Latency l) {
        JsonObject o = new JsonObject();
        boolean none = l.count() == 0;
        o.add("p50Ms", none ? JsonNull.INSTANCE : Numbers.fixed(l.p50(), 3));
        o.add("p90Ms", none ? JsonNull.INSTANCE : Numbers.fixed(l.p90(), 3));
        o.add("p99Ms", none ? JsonNull.INSTANCE : Numbers.fixed(l.p99(), 3));
        return o;
    }

    private static double achieved(Session s) {
        double sum = 0;
        for (NodeEntry e : s.board().entries().values()) {
            sum += e.achievedRps();
        }
        return sum;
    }

    private static com.google.gson.JsonElement elapsed(Session s, long now) {
        if (s.startedAt() <= 0 || now < s.startedAt()) {
            return JsonNull.INSTANCE;
        }
        long end = s.endedAt() > 0 ? s.endedAt() : now;
        return Numbers.fixed(Math.max(0, end - s.startedAt()) / 1000.0, 1);
    }

    private static com.google.gson.JsonElement remaining(Session s, long now) {
        if (s.spec().duration() == null || s.startedAt() <= 0 || s.endedAt() > 0) {
            return JsonNull.INSTANCE;
        }
        long left = s.startedAt() + s.spec().duration().toMillis() - Math.max(now, s.startedAt());
        return Numbers.fixed(Math.max(0, left) / 1000.0, 1);
    }
}
