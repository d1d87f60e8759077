package org.siegegrid.web.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.siegegrid.core.board.NodeEntry;
import org.siegegrid.core.board.Whiteboard;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.session.Redaction;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SpecJson;

/**
 * A session as the API shows it: {@code id, name, state, version, reason, createdAt, startedAt,
 * endedAt, spec, board} and, when a live report is given, {@code summary}. The spec is shown through a
 * {@link Redaction}: credential-like header values read {@code "<redacted>"} unless the call carries
 * the token ({@link ApiContext#redaction}).
 */
final class SessionView {
    private SessionView() {
    }

    /**
     * @param live   the merged live report for the summary, or null to leave the summary out (lists)
     * @param shown  what the caller may see of the spec
     */
    static JsonObject of(Session s, Report live, Redaction shown) {
        JsonObject o = new JsonObject();
        o.addProperty("id", s.id());
        o.add("name", s.spec().name() == null ? JsonNull.INSTANCE : new JsonPrimitive(s.spec().name()));
        o.addProperty("state", s.state().name());
        o.addProperty("version", s.version());
        o.add("reason", s.reason() == null ? JsonNull.INSTANCE : new JsonPrimitive(s.reason()));
        o.add("createdAt", Times.iso(s.createdAt()));
        o.add("startedAt", Times.iso(s.startedAt()));
        o.add("endedAt", Times.iso(s.endedAt()));
        o.add("spec", SpecJson.toJsonObject(shown.spec(s.spec())));
        o.add("board", board(s.board()));
        if (live != null) {
            o.add("summary", summary(live));
        }
        return o;
    }

    static JsonObject board(Whiteboard b) {
        JsonObject o = new JsonObject();
        o.addProperty("round", b.round());
        o.add("targetRps", Numbers.rate(b.targetRps()));
        o.add("deficit", Numbers.rate(b.deficit()));
        JsonArray nodes = new JsonArray();
        for (NodeEntry e : b.entries().values()) {
            JsonObject n = new JsonObject();
            n.addProperty("id", e.nodeId());
            n.add("shareRps", Numbers.rate(e.share().rps()));
            n.addProperty("users", e.share().users());
            n.addProperty("concurrency", e.share().concurrency());
            n.add("achievedRps", Numbers.rate(e.achievedRps()));
            n.addProperty("issued", e.issued());
            n.addProperty("done", e.done());
            n.addProperty("failed", e.failed());
            n.add("leaseExpiresAt", Times.iso(e.leaseExpiry()));
            n.addProperty("drained", e.drained());
            nodes.add(n);
        }
        o.add("nodes", nodes);
        return o;
    }

    /**
     * {@code targetRps} the mean target over the run so far (null in the closed model),
     * {@code achievedRps} requests issued / elapsed, {@code requests} issued, {@code errors} failed,
     * {@code p99Ms} corrected p99 (null before the first response).
     */
    static JsonObject summary(Report r) {
        JsonObject o = new JsonObject();
        o.add("targetRps", r.targetRps() == null ? JsonNull.INSTANCE : Numbers.rate(r.targetRps()));
        o.add("achievedRps", Numbers.rate(r.achievedRps()));
        o.addProperty("requests", r.totals().issued());
        o.addProperty("errors", r.totals().failures());
        o.add("p99Ms", r.corrected().count() == 0 ? JsonNull.INSTANCE : Numbers.fixed(r.corrected().p99(), 3));
        return o;
    }
}
