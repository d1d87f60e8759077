package org.siegegrid.web.api;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Tags;
import org.siegegrid.core.board.NodeEntry;
import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.report.ErrorKind;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

/**
 * The meters of one session, one node, and one node's part of one session. Counters are the
 * cluster-wide totals of the merged report; latencies are the merged report's percentiles as
 * gauges (seconds); rates are the live ones from the whiteboard (0 once the session stopped).
 */
final class SessionMeters {
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};

    private SessionMeters() {
    }

    static void register(ApiMetrics m, String id, Session s) {
        Tags tags = Tags.of("session", id, "name", s.spec().name() == null ? "" : s.spec().name());
        m.counter("siegegrid.session.requests", tags, report(id, r -> r.totals().issued()));
        m.counter("siegegrid.session.responses", tags, report(id, r -> r.totals().responses()));
        m.counter("siegegrid.session.dropped", tags, report(id, r -> r.totals().dropped()));
        m.counter("siegegrid.session.unfinished", tags, report(id, r -> r.totals().unfinished()));
        // the warm-up, sent in full and measured apart: none of the other figures include it
        m.counter("siegegrid.session.warmup.requests", tags,
                report(id, r -> r.warmup() == null ? 0 : r.warmup().totals().issued()));
        for (ErrorKind k : ErrorKind.values()) {
            m.counter("siegegrid.session.failures", tags.and("kind", k.key()), report(id, r -> r.totals().error(k)));
        }
        m.gauge("siegegrid.session.target.rps", tags, session(id, x -> active(x) ? x.board().targetRps() : 0));
        m.gauge("siegegrid.session.achieved.rps", tags, session(id, x -> active(x) ? achieved(x) : 0));
        m.gauge("siegegrid.session.running", tags, session(id, x -> x.state() == SessionState.RUNNING ? 1 : 0));
        m.gauge("siegegrid.session.version", tags, session(id, Session::version));
        for (String type : new String[] {"corrected", "service", "generator_lag"}) {
            for (double q : QUANTILES) {
                m.gauge("siegegrid.session.latency", "seconds", tags.and("type", type, "quantile", Double.toString(q)),
                        report(id, r -> seconds(latency(r, type), q)));
            }
            m.gauge("siegegrid.session.latency.max", "seconds", tags.and("type", type),
                    report(id, r -> latency(r, type).max() / 1000.0));
        }
    }

    static void registerShare(ApiMetrics m, String sessionId, String nodeId) {
        Tags tags = Tags.of("session", sessionId, "node", nodeId);
        m.gauge("siegegrid.node.share.rps", tags, session(sessionId, x -> entry(x, nodeId, e -> e.share().rps())));
        m.gauge("siegegrid.node.share.users", tags, session(sessionId, x -> entry(x, nodeId, e -> e.share().users())));
        m.gauge("siegegrid.node.achieved.rps", tags, session(sessionId, x -> entry(x, nodeId, NodeEntry::achievedRps)));
    }

    static void registerNode(ApiMetrics m, String nodeId) {
        Tags tags = Tags.of("node", nodeId);
        m.gauge("siegegrid.node.cap.rps", tags, s -> node(s, nodeId, NodeInfo::capRps));
        m.gauge("siegegrid.node.drained", tags, s -> node(s, nodeId, n -> n.drained() ? 1 : 0));
        m.gauge("siegegrid.node.live", tags, s -> s.cluster() != null && s.cluster().members().contains(nodeId) ? 1 : 0);
    }

    private static boolean active(Session s) {
        return s.state() == SessionState.RUNNING || s.state() == SessionState.PAUSED;
    }

    private static double achieved(Session s) {
        double sum = 0;
        for (NodeEntry e : s.board().entries().values()) {
            sum += e.achievedRps();
        }
        return sum;
    }

    private static double entry(Session s, String nodeId, ToDoubleFunction<NodeEntry> f) {
        NodeEntry e = s.board().entry(nodeId);
        return e == null || !active(s) ? 0 : f.applyAsDouble(e);
    }

    private static Report.Latency latency(Report r, String type) {
        return switch (type) {
            case "corrected" -> r.corrected();
            case "service" -> r.service();
            default -> r.generatorLag();   // the generator's own lateness with a connection free
        };
    }

    private static double seconds(Report.Latency l, double q) {
        if (l.count() == 0) {
            return Double.NaN;
        }
        double ms = q == 0.5 ? l.p50() : q == 0.9 ? l.p90() : q == 0.99 ? l.p99() : l.p999();
        return ms / 1000.0;
    }

    private static ToDoubleFunction<MetricsSnapshot> report(String id, ToDoubleFunction<Report> f) {
        return s -> {
            MetricsSnapshot.Sample x = s.sample(id);
            return x == null || x.report() == null ? Double.NaN : f.applyAsDouble(x.report());
        };
    }

    private static ToDoubleFunction<MetricsSnapshot> session(String id, ToDoubleFunction<Session> f) {
        return s -> {
            MetricsSnapshot.Sample x = s.sample(id);
            return x == null ? Double.NaN : f.applyAsDouble(x.session());
        };
    }

    private static double node(MetricsSnapshot s, String id, ToDoubleFunction<NodeInfo> f) {
        NodeInfo n = s.nodes().get(id);
        return n == null ? Double.NaN : f.applyAsDouble(n);
    }
}
