package org.siegegrid.core.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.board.NodeEntry;
import org.siegegrid.core.board.RoundMath;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.load.RateProfile;
import org.siegegrid.core.report.NodeStats;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.report.ReportJson;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SessionState;

/**
 * The session lifecycle on the cluster clock. Every node runs it; only the oldest member acts on
 * time- and budget-based transitions (any node may start or stop a session on a user's request).
 * RUNNING becomes STOPPING at the end of the duration or profile, or when the budget is spent;
 * STOPPING becomes FINISHED once every node that sent reports its runner done (or after a grace
 * period), and the final report, merged from every node's last published stats, is stored.
 */
final class Coordinator {
    private static final Logger LOG = LogManager.getLogger(Coordinator.class);
    private static final long GRACE_MILLIS = 5_000;
    static final String NO_CAPACITY = "no capacity: every live node is drained";

    private final Grid grid;
    private final SessionReports reports;
    private final Path reportsDir;
    private int ticks;

    Coordinator(Grid grid, SessionReports reports, Path reportsDir) {
        this.grid = grid;
        this.reports = reports;
        this.reportsDir = reportsDir;
    }

    /** One pass over every session; acts only on the oldest member. */
    void tick() {
        if (!grid.hazelcast().getCluster().getMembers().iterator().next().localMember() || !grid.quorumPresent()) {
            return;
        }
        long now = grid.clusterTimeMillis();
        if (ticks++ % 10 == 0) {
            grid.reapplyTombstoneTtls();  // a heal can strip a tombstone's TTL
        }
        boolean capacity = anyActiveNode();
        for (Session s : grid.sessions().values()) {
            if (s.deleted()) {
                continue;
            }
            try {
                step(s, now, capacity);
            } catch (RuntimeException e) {
                LOG.warn("session {}: lifecycle step failed: {}", s.id(), e.toString());
            }
        }
    }

    private void step(Session s, long now, boolean capacity) {
        switch (s.state()) {
            case PENDING -> start(grid, s.id());
            case RUNNING, PAUSED -> {
                String why = endReason(s, now);
                if (why != null) {
                    transition(grid, s.id(), cur -> cur.state() == SessionState.RUNNING
                            || cur.state() == SessionState.PAUSED ? cur.stopping(why).withEndedAt(now) : null);
                    LOG.info("session {}: {}, stopping", s.id(), why);
                } else if (s.state() == SessionState.RUNNING && !capacity) {
                    transition(grid, s.id(), cur -> cur.state() == SessionState.RUNNING
                            ? cur.withState(SessionState.PAUSED, NO_CAPACITY) : null);
                    LOG.info("session {}: paused, {}", s.id(), NO_CAPACITY);
                } else if (s.state() == SessionState.PAUSED && capacity) {
                    transition(grid, s.id(), cur -> cur.state() == SessionState.PAUSED
                            ? cur.withState(SessionState.RUNNING) : null);
                    LOG.info("session {}: running again", s.id());
                }
            }
            case STOPPING -> {
                if (allDone(s) || now > s.endedAt() + s.spec().timeoutOrDefault().toMillis() + GRACE_MILLIS) {
                    finish(s);
                }
            }
            default -> {
            }
        }
    }

    /** PENDING -> RUNNING with the start time on the cluster clock. */
    static Session start(Grid grid, String id) {
        long now = grid.clusterTimeMillis();
        return transition(grid, id, cur -> cur.state() == SessionState.PENDING
                ? cur.withState(SessionState.RUNNING).withStartedAt(now) : null);
    }

    /** Why a running session should end now, or null. */
    static String endReason(Session s, long now) {
        SessionSpec spec = s.spec();
        long ran = now - s.startedAt();
        if (spec.duration() != null && ran >= spec.duration().toMillis()) {
            return "duration reached";
        }
        if (!spec.stages().isEmpty()) {
            RateProfile profile = RateProfile.stages(spec.stages());
            if (ran >= profile.endSeconds() * 1000) {
                return "last stage ended";
            }
        }
        if (spec.requests() != null && s.board().remainingBudget(spec.requests()) == 0) {
            boolean drained = true;
            for (NodeEntry e : s.board().entries().values()) {
                if (e.leaseValid(now) && e.done() < e.quotaGranted()) {
                    drained = false;
                }
            }
            if (drained) {
                return "request budget spent";
            }
        }
        return null;
    }

    /** True when some live node takes load (is not drained). */
    private boolean anyActiveNode() {
        var live = grid.liveNodeIds();
        for (NodeInfo n : grid.nodes().values()) {
            if (live.contains(n.nodeId()) && !n.drained()) {
                return true;
            }
        }
        return false;
    }

    private boolean allDone(Session s) {
        Map<String, NodeStats> stats = reports.nodeStats(s.id());
        var live = grid.liveNodeIds();
        for (NodeStats ns : stats.values()) {
            if (!ns.done() && live.contains(ns.nodeId())) {
                return false;
            }
        }
        return true;
    }

    private void finish(Session s) {
        Report report = reports.build(s);
        String json = ReportJson.toJson(report);
        grid.<String>reports().set(s.id(), json);
        transition(grid, s.id(), cur -> cur.state() == SessionState.STOPPING
                ? cur.withState(SessionState.FINISHED, cur.reason()) : null);
        LOG.info("session {}: finished, {} transactions at {} trans/sec", s.id(), report.transactions(),
                String.format("%.2f", report.transactionRate()));
        try {
            Files.createDirectories(reportsDir);
            Files.writeString(reportsDir.resolve(s.id() + ".json"), json);
        } catch (IOException | RuntimeException e) {
            LOG.warn("session {}: report file not written to {}: {}", s.id(), reportsDir, e.toString());
        }
    }

    /**
     * Compare-and-set on the session (rounds change it every second, so retry): {@code change}
     * returns the new value, or null to leave it. Returns the value as left.
     */
    static Session transition(Grid grid, String id, UnaryOperator<Session> change) {
        var map = grid.sessions();
        for (int attempt = 0; attempt < 100; attempt++) {
            Session cur = map.get(id);
            if (cur == null || cur.deleted()) {
                return cur;
            }
            Session next = change.apply(cur);
            if (next == null) {
                return cur;
            }
            if (map.replace(id, cur, next)) {
                return next;
            }
        }
        throw new IllegalStateException("session " + id + " kept changing; not updated");
    }

    /** Peak rate for reports. */
    static Double targetRps(SessionSpec spec) {
        return spec.openModel() ? RoundMath.peakRps(spec) : null;
    }
}
