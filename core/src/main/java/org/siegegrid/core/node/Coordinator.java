package org.siegegrid.core.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.grid.ClusterClock;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.load.RateProfile;
import org.siegegrid.core.report.NodeStats;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.report.ThresholdAbort;
import org.siegegrid.core.session.Lifecycle;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionEvent;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SessionState;

/**
 * Drives every session's lifecycle on the cluster clock, on its own thread so it never delays a
 * round. Every node runs it; only the oldest member acts. Each pass applies {@link Lifecycle.Tick}
 * (end by time or budget, pause when no live node takes load, resume) where it changes something;
 * a STOPPING session is finished once every node that sent reports its runner done (or after a
 * grace period): its final report is built once, stored in {@code reports} and written to the
 * reports dir, then the session becomes FINISHED — or FAILED when no node sent a single request.
 */
final class Coordinator {
    private static final Logger LOG = LogManager.getLogger(Coordinator.class);
    private static final long GRACE_MILLIS = 5_000;
    /** How long after a stop a node on the board may take to publish its first stats (they go out once a second). */
    private static final long FIRST_STATS_MILLIS = 2_000;

    private final Grid grid;
    private final ClusterClock clock;
    private final SessionReports reports;
    private final EventLog events;
    private final ReportFiles files;
    private int ticks;

    Coordinator(Grid grid, ClusterClock clock, SessionReports reports, Path reportsDir, EventLog events) {
        this.grid = grid;
        this.clock = clock;
        this.reports = reports;
        this.events = events;
        this.files = new ReportFiles(reportsDir);
    }

    /** One pass over every session; acts only on the oldest member, and only with the quorum. */
    void tick() {
        if (!grid.hazelcast().getCluster().getMembers().iterator().next().localMember() || !grid.quorumPresent()) {
            return;
        }
        if (ticks++ % 10 == 0) {
            grid.reapplyTombstoneTtls();  // a heal can strip a tombstone's TTL
        }
        boolean capacity = anyActiveNode();
        for (Session s : grid.sessions().values()) {
            if (s.deleted()) {
                files.deleted(s.id());   // the node that deleted it may not be this one, which wrote the files
            }
            if (s.deleted() || s.state().terminal()) {
                continue;
            }
            try {
                step(s, capacity);
            } catch (RuntimeException e) {
                LOG.warn("session {}: lifecycle step failed: {}", s.id(), e.toString());
            }
        }
    }

    private void step(Session s, boolean capacity) {
        long now = clock.millis();
        if (s.state() == SessionState.STOPPING) {
            if (allDone(s) || now > s.endedAt() + s.spec().timeoutOrDefault().toMillis() + GRACE_MILLIS) {
                finish(s);
            }
            return;
        }
        if (thresholdFailed(s, now)) {
            return;
        }
        Lifecycle.Tick tick = new Lifecycle.Tick(capacity);
        if (Lifecycle.apply(s, tick, now).changed()) {   // only then ask the owner, which decides on its value
            Lifecycle.Outcome o = grid.apply(s.id(), tick);
            if (o.changed()) {
                LOG.info("session {}: {}{}", s.id(), o.session().state(),
                        o.session().reason() == null ? "" : " (" + o.session().reason() + ")");
                ticked(s, o.session(), now);
            }
        }
    }

    /** The event of a change the tick decided: a stop by time or budget, a pause, a resume. */
    private void ticked(Session before, Session after, long now) {
        if (before.state() == after.state()) {
            return;
        }
        String kind = switch (after.state()) {
            case STOPPING -> "stopped";
            case PAUSED -> "paused";
            case RUNNING -> before.state() == SessionState.PAUSED ? "resumed" : "started";
            default -> "state";
        };
        long at = after.state() == SessionState.STOPPING && after.endedAt() > 0 ? after.endedAt() : now;
        events.record(after.id(), SessionEvent.of(at, kind, grid.nodeId(), before.state() + " -> " + after.state()
                + (after.reason() == null ? "" : ": " + after.reason())));
    }

    /**
     * {@code abortOnFail}: once the grace is over, the thresholds on the live report (rebuilt at most once a
     * second); the first that fails stops the session with it as the reason. True when it stopped.
     */
    private boolean thresholdFailed(Session s, long now) {
        SessionSpec spec = s.spec();
        if (!spec.abortOnFail() || s.state() != SessionState.RUNNING || s.startedAt() <= 0) {
            return false;
        }
        ThresholdAbort abort = new ThresholdAbort(spec.thresholds(), spec.abortGraceOrZero().toNanos());
        if (!abort.due((now - s.startedAt()) * 1_000_000L)) {
            return false;
        }
        String reason = abort.check(reports.live(s));
        if (reason == null) {
            return false;
        }
        Lifecycle.Outcome o = grid.apply(s.id(), new Lifecycle.Stop(reason));
        if (o.changed()) {
            LOG.info("session {}: {} ({})", s.id(), o.session().state(), reason);
            events.record(s.id(), SessionEvent.of(now, "stopped", grid.nodeId(), s.state() + " -> "
                    + o.session().state() + ": " + reason));
        }
        return true;
    }

    /** True when some live node takes load (is not drained). */
    private boolean anyActiveNode() {
        Set<String> live = grid.liveNodeIds();
        for (NodeInfo n : grid.nodes().values()) {
            if (live.contains(n.nodeId()) && !n.drained()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every live node that published stats says its runner is done, and every live node on the
     * whiteboard has published — or had {@link #FIRST_STATS_MILLIS} since the stop to do so (a
     * runner stopped before it sent anything publishes nothing). A session stopped within its first
     * second had been finished with 0 requests while both nodes' last stats were on their way.
     */
    private boolean allDone(Session s) {
        Set<String> live = grid.liveNodeIds();
        Set<String> published = new java.util.TreeSet<>();
        for (NodeStats ns : reports.nodeStats(s.id())) {
            published.add(ns.nodeId());
            if (!ns.done() && live.contains(ns.nodeId())) {
                return false;
            }
        }
        if (clock.millis() < s.endedAt() + FIRST_STATS_MILLIS) {
            for (String id : s.board().entries().keySet()) {
                if (live.contains(id) && !published.contains(id)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The session's event log so far, for the report page; none when it cannot be read now. */
    private List<org.siegegrid.core.session.SessionEvent> eventsOf(String sessionId) {
        try {
            return events.read(sessionId, 0);
        } catch (RuntimeException e) {
            LOG.debug("session {}: events not read for the report page: {}", sessionId, e.toString());
            return List.of();
        }
    }

    private void finish(Session s) {
        List<NodeStats> published = reports.nodeStats(s.id());
        Report report = reports.build(s, published, true);
        reports.store(s.id(), report);
        // the file before the state: whoever sees the session FINISHED finds its report file too
        files.write(s, report, eventsOf(s.id()));
        // what was scheduled counts the warm-up too
        long issued = report.totals().issued() + (report.warmup() == null ? 0 : report.warmup().totals().issued());
        long scheduled = scheduled(s);
        boolean failed = issued == 0 && scheduled > 0;
        String reason = s.reason() == null ? "" : s.reason();
        if (failed) {
            reason += (reason.isEmpty() ? "" : "; ") + "no node sent a request (" + published.size()
                    + " node(s) reported)";
        } else if (scheduled > 0 && issued + report.totals().dropped()
                + (report.warmup() == null ? 0 : report.warmup().totals().dropped()) < scheduled - Math.max(1, scheduled / 100)) {
            reason += (reason.isEmpty() ? "" : "; ") + "sent " + issued + " of " + scheduled + " scheduled requests";
        }
        Lifecycle.Outcome ended = grid.apply(s.id(), new Lifecycle.Finish(failed, reason.isEmpty() ? null : reason));
        if (ended.changed()) {
            events.record(s.id(), "ended", grid.nodeId(), "STOPPING -> " + ended.session().state() + ": "
                    + report.totals().issued() + " requests from " + published.size() + " node(s)"
                    + (ended.session().reason() == null ? "" : "; " + ended.session().reason()));
        }
        LOG.info("session {}: {}, {} transactions at {} trans/sec{}", s.id(), failed ? "failed" : "finished",
                report.transactions(), String.format("%.2f", report.transactionRate()),
                reason.isEmpty() ? "" : " (" + reason + ")");
    }

    /**
     * Requests the open model's schedule made due from the start to the end (0 for the closed model,
     * whose count depends on the server): what "the session could not run" is judged against.
     */
    static long scheduled(Session s) {
        SessionSpec spec = s.spec();
        if (!spec.openModel() || s.startedAt() <= 0 || s.endedAt() <= s.startedAt()) {
            return 0;
        }
        RateProfile profile = spec.stages().isEmpty() ? RateProfile.constant(spec.rps(), spec.duration())
                : RateProfile.stages(spec.stages());
        double seconds = Math.min((s.endedAt() - s.startedAt()) / 1000.0, profile.endSeconds());
        long due = (long) Math.floor(profile.countAt(seconds));
        return spec.requests() == null ? due : Math.min(due, spec.requests());
    }
}
