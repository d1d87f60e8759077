package org.siegegrid.core.grid;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.siegegrid.core.board.NodeEntry;
import org.siegegrid.core.board.RoundResult;
import org.siegegrid.core.board.Share;
import org.siegegrid.core.board.Whiteboard;
import org.siegegrid.core.session.EngineKind;
import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SessionState;
import org.siegegrid.core.session.Stage;
import org.siegegrid.core.session.Target;

/** Sample cluster values with every field set, and with every optional field empty. */
final class Values {
    private Values() {
    }

    static final Target TARGET = new Target("http://127.0.0.1:9000/a?x=1", "POST",
            Map.of("Content-Type", "application/json", "X-Trace", "abc"), "{\"k\":1}");
    static final Stage STAGE = new Stage(Duration.ofSeconds(30), 1000.5);

    static final SessionSpec FULL_SPEC = new SessionSpec("checkout-spike", List.of(TARGET, Target.get("http://127.0.0.1:9000/")),
            "http://127.0.0.1:9000/ POST a=b", Order.RANDOM, 5000.0, List.of(STAGE, new Stage(Duration.ofMinutes(1), 5000)),
            null, Duration.ofMillis(1500), true, 200, 100_000L, Duration.ofMinutes(5), Duration.ofSeconds(30),
            EngineKind.SIEGE, List.of("p99 < 200ms", "errors < 1%")).withAbort(true, Duration.ofSeconds(5));
    static final SessionSpec EMPTY_SPEC = new SessionSpec(null, null, null, null, null, null, 50, null, false, null,
            null, null, null, null, null);

    static final Share SHARE = new Share(0.25, 1250, 3, 17);
    static final NodeEntry ENTRY = new NodeEntry("node-a", 4, 4000, 1234.5, 100, 98, 2, 500, SHARE, 1_000, 4_000, true);
    static final Whiteboard BOARD;

    static {
        TreeMap<String, NodeEntry> entries = new TreeMap<>();
        entries.put("node-a", ENTRY);
        entries.put("node-b", new NodeEntry("node-b", 1, 0, 0, 0, 0, 0, 0, Share.ZERO, 2_000, 5_000, false));
        BOARD = new Whiteboard(42, entries, 900, 5000, 12.5, 3_000);
    }

    static final Session FULL_SESSION = new Session("s-1", FULL_SPEC, SessionState.PAUSED, 7, BOARD, 1, 2, 3, true,
            "no quorum");
    static final Session EMPTY_SESSION = Session.create("s-2", EMPTY_SPEC, 10);
    static final RoundResult RESULT = new RoundResult(SessionState.RUNNING, 3, 9, SHARE, Long.MAX_VALUE, 5_000, 1.5, 77);
    static final RoundResult ABSENT = RoundResult.idle(null, 0, 0);
    static final NodeInfo NODE = new NodeInfo("node-a", "alpha", List.of("127.0.0.1:5701"), "http://127.0.0.1:8080",
            NodeState.DRAINED, 4000, 8, "0.1.0", 99, List.of("native", "siege"));
    static final NodeInfo NODE_EMPTY = new NodeInfo("node-b", null, null, null, null, 0, 1, null, 0);
    static final NodeInfo NODE_LOADED = NODE.withProcess(ProcessLoad.of(0.4213, 300_000_000, 1_000_000_000, 1234));
    static final org.siegegrid.core.session.SessionEvent EVENT = new org.siegegrid.core.session.SessionEvent(3, 1234,
            "drained", "node-a", "ACTIVE -> DRAINED");
    static final org.siegegrid.core.session.SessionEventLog EVENT_LOG = new org.siegegrid.core.session.SessionEventLog(4,
            List.of(new org.siegegrid.core.session.SessionEvent(1, 1000, "created", null, ""), EVENT));

    static final org.siegegrid.core.report.NodeStats STATS = new org.siegegrid.core.report.NodeStats("s1", "node-a", "i1",
            1234, true, 1500.5, 0, 3, org.siegegrid.core.report.RunStatsCodec.encode(new org.siegegrid.core.report.RunStats()));

    static final org.siegegrid.core.report.Report REPORT = new org.siegegrid.core.report.Report(990, 99.0, 10.5, 0.09,
            0.002, 94.29, 0.01, 0.19, 980, 10, 0.25, 0.001,
            new org.siegegrid.core.report.Report.Latency(1.1, 2.2, 3.3, 4.4, 5.5, 6.6, 1.5, 1000),
            org.siegegrid.core.report.Report.Latency.EMPTY,
            new org.siegegrid.core.report.Report.Latency(0, 0.1, 0.2, 1.7, 2.5, 9.0, 0.05, 1000),
            Map.of("refused", 10L, "http_5xx", 0L), 100.0, 95.24,
            List.of(new org.siegegrid.core.report.ThresholdResult("p99 < 200ms", true, 4.4),
                    new org.siegegrid.core.report.ThresholdResult("rps > 1", false, Double.NaN)),
            List.of(new org.siegegrid.core.report.Report.Node("node-a", 600, 0.6, 0, 0, 1.7),
                    new org.siegegrid.core.report.Report.Node("node-b", 400, 0.4)),
            List.of(new org.siegegrid.core.report.SeriesPoint(0, 100, 99, 4.4, 1),
                    new org.siegegrid.core.report.SeriesPoint(1, Double.NaN, 101, 103, Double.NaN, 0, 0.42)),
            new org.siegegrid.core.report.Counters(1000, 990, 980, 3, 9000,
                    Map.of(org.siegegrid.core.report.ErrorKind.values()[0], 10L)), true,
            new org.siegegrid.core.report.Report.Warmup(5, new org.siegegrid.core.report.Counters(500, 499, 499, 1, 4500,
                    Map.of(org.siegegrid.core.report.ErrorKind.values()[1], 1L)),
                    new org.siegegrid.core.report.Report.Latency(1, 2, 3, 4, 5, 6, 1.5, 499), 100.0));
    static final org.siegegrid.core.report.Report REPORT_CLOSED = new org.siegegrid.core.report.Report(0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, org.siegegrid.core.report.Report.Latency.EMPTY,
            org.siegegrid.core.report.Report.Latency.EMPTY, org.siegegrid.core.report.Report.Latency.EMPTY, Map.of(), null, 0, List.of(), List.of(), List.of(), null, false, null);

    /** Every value class the cluster stores or returns, with samples. */
    static List<Object> all() {
        return List.of(TARGET, Target.get("http://x/"), STAGE, FULL_SPEC, EMPTY_SPEC, SHARE, Share.ZERO, ENTRY, BOARD,
                Whiteboard.EMPTY, FULL_SESSION, EMPTY_SESSION, RESULT, ABSENT, NODE, NODE_EMPTY, NODE_LOADED, STATS, REPORT, REPORT_CLOSED,
                EVENT, EVENT_LOG, org.siegegrid.core.session.SessionEventLog.EMPTY);
    }
}
