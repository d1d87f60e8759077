package org.siegegrid.core.node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.hazelcast.query.Predicates;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.NodeStats;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.report.ReportBuilder;
import org.siegegrid.core.report.RunStats;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;

/**
 * A session's reports. Live: built from every node's last published stats (nodes that left
 * included), histograms merged first and percentiles read after, at most once a second per session
 * however many callers ask (the nodes publish once a second). Final: built once by the coordinator
 * when the session ends, stored in {@code reports}, and served from there as stored.
 */
final class SessionReports {
    private static final long LIVE_NANOS = 1_000_000_000L;

    private final Grid grid;
    private final Ticker ticker;
    private final Map<String, Cached> live = new ConcurrentHashMap<>();

    private record Cached(Report report, long version, long builtAt) {
    }

    SessionReports(Grid grid, Ticker ticker) {
        this.grid = grid;
        this.ticker = ticker;
    }

    /** Every node's published stats for a session (an indexed query, not a scan of every key). */
    List<NodeStats> nodeStats(String sessionId) {
        Collection<NodeStats> found = grid.<NodeStats>stats().values(Predicates.equal("sessionId", sessionId));
        List<NodeStats> out = new ArrayList<>(found);
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return out;
    }

    /** The report from the stats published so far: a node's incarnations (restarts) add up under its id. */
    Report build(Session s) {
        return build(s, nodeStats(s.id()));
    }

    Report build(Session s, List<NodeStats> published) {
        Map<String, List<RunStats>> byNode = new TreeMap<>();
        Map<String, NodeStats> latest = new TreeMap<>();
        Map<String, Long> latestIssued = new TreeMap<>();
        for (NodeStats ns : published) {
            RunStats run = ns.runStats(keys -> grid.series().getAll(keys));
            byNode.computeIfAbsent(ns.nodeId(), k -> new ArrayList<>()).add(run);
            NodeStats was = latest.get(ns.nodeId());
            if (was == null || ns.updatedAt() > was.updatedAt()) {
                latest.put(ns.nodeId(), ns);
                latestIssued.put(ns.nodeId(), run.totals().issued());
            }
        }
        ReportBuilder b = ReportBuilder.create();
        byNode.forEach((id, runs) -> b.addNode(id, runs.size() == 1 ? runs.get(0) : RunStats.merged(runs)));
        // what a node's last round told the board beyond its last stats (its latest run): it died or was cut
        // off before publishing them
        java.util.Set<String> live = grid.liveNodeIds();
        s.board().entries().forEach((id, e) -> {
            NodeStats last = latest.get(id);
            if (last != null && !last.done() && !live.contains(id)) {
                b.unreported(id, e.issued() - latestIssued.getOrDefault(id, 0L));
            }
        });
        SessionSpec spec = s.spec();
        if (!spec.openModel()) {
            b.targetRps(null);
        } else if (spec.stages().isEmpty()) {
            b.targetRps(spec.rps());
        }
        return b.thresholds(spec.thresholds()).build();
    }

    /** The live report, rebuilt at most once a second (and whenever the session's version changed). */
    Report live(Session s) {
        long now = ticker.nanoTime();
        Cached c = live.get(s.id());
        if (c != null && c.version == s.version() && now - c.builtAt < LIVE_NANOS) {
            return c.report;
        }
        Report r = build(s);
        live.put(s.id(), new Cached(r, s.version(), now));
        return r;
    }

    /** The final report as the coordinator stored it, or null while there is none. */
    Report stored(String sessionId) {
        return grid.<Report>reports().get(sessionId);
    }

    void store(String sessionId, Report report) {
        grid.<Report>reports().set(sessionId, report);
        live.remove(sessionId);
    }

    /** Deletes a session's stats, series blocks and report. */
    void forget(String sessionId) {
        live.remove(sessionId);
        var map = grid.<NodeStats>stats();
        for (NodeStats ns : nodeStats(sessionId)) {
            // one more than counted: a block whose write ended after the node's last publication
            for (int k = 0; k <= ns.blocks(); k++) {
                grid.series().delete(ns.blockKey(k));
            }
            map.delete(ns.key());
        }
        grid.<Report>reports().delete(sessionId);
    }
}
