package org.siegegrid.core.node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.hazelcast.query.Predicates;
import com.hazelcast.query.QueryConstants;
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

    private final ReportFiles files;

    SessionReports(Grid grid, Ticker ticker) {
        this(grid, ticker, null);
    }

    /** @param reportsDir this node's reports directory, whose files of a session {@link #forget} deletes; null = none */
    SessionReports(Grid grid, Ticker ticker, java.nio.file.Path reportsDir) {
        this.grid = grid;
        this.ticker = ticker;
        this.files = new ReportFiles(reportsDir);
    }

    /**
     * Every node's published stats for a session, found by their keys ({@code session/node@incarnation}): a
     * query that reads every key of the stats map (sessions × nodes × incarnations entries, values only of
     * the matches), made at most once a second per session by the live cache and once for the final report.
     * Not by an index on {@code sessionId}: after a member was killed, the index query sometimes missed the
     * dead node's entries although they were in the map (promoted backups), and the final report lost that
     * node (in-JVM kill test, about one run in five); the index was dropped.
     */
    List<NodeStats> nodeStats(String sessionId) {
        Collection<NodeStats> found = grid.<NodeStats>stats().values(
                Predicates.like(QueryConstants.KEY_ATTRIBUTE_NAME.value(), sessionId + "/%"));
        List<NodeStats> out = new ArrayList<>(found);
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return out;
    }

    /** The report from the stats published so far: a node's incarnations (restarts) add up under its id. */
    Report build(Session s) {
        return build(s, nodeStats(s.id()), false);
    }

    /** @param ended the session is over (the final report): requests still unanswered never will be */
    Report build(Session s, List<NodeStats> published, boolean ended) {
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
        // what nodes that ended without their last stats may have sent: a node gone from the cluster, at least
        // what its last round told the board beyond its latest stats and at most its grant until its lease's
        // end; an earlier run of a node restarted with the same id, at most its last share for a lease
        java.util.Set<String> live = grid.liveNodeIds();
        long leaseMillis = grid.settings().lease().toMillis();
        Map<String, long[]> lost = new TreeMap<>();
        for (NodeStats ns : published) {
            if (ns.done()) {
                continue;
            }
            boolean newest = latest.get(ns.nodeId()) == ns;
            var e = s.board().entry(ns.nodeId());
            long[] u = lost.computeIfAbsent(ns.nodeId(), k -> new long[2]);
            if (newest && !live.contains(ns.nodeId()) && e != null) {
                double rps = Math.max(e.share().rps(), e.next().rps());
                u[0] += Math.max(0, e.issued() - latestIssued.getOrDefault(ns.nodeId(), 0L));
                u[1] += (long) Math.ceil(rps * Math.max(0, e.leaseExpiry() - ns.updatedAt()) / 1000.0);
            } else if (!newest) {
                u[1] += (long) Math.ceil(ns.shareRps() * leaseMillis / 1000.0);
            }
        }
        lost.forEach((id, u) -> b.unreported(id, u[0], u[1]));
        SessionSpec spec = s.spec();
        if (!spec.openModel()) {
            b.targetRps(null);
        }   // else the mean over the measured seconds of the target each node saw in force (updates included)
        return b.thresholds(spec.thresholds()).warmup(spec.warmupSeconds()).ended(ended).build();
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

    /** Deletes a session's stats, series blocks, report and event log, and its report files in this node's directory. */
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
        grid.events().delete(sessionId);
        files.delete(sessionId);
    }
}
