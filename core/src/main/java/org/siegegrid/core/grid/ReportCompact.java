package org.siegegrid.core.grid;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.ErrorKind;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.report.SeriesPoint;
import org.siegegrid.core.report.ThresholdResult;

/**
 * Compact serializer of a final {@link Report} (the {@code reports} map): computed once when the
 * session ends, stored, and served as stored. Flat: lists travel as parallel arrays, latencies as
 * eight numbers, so the value is one schema. Registered by {@link GridSerialization}.
 */
public final class ReportCompact implements CompactSerializer<Report> {

    @Override
    public Report read(CompactReader r) {
        String[] errorKeys = r.readArrayOfString("errorKeys");
        long[] errorCounts = r.readArrayOfInt64("errorCounts");
        Map<String, Long> errors = new LinkedHashMap<>();
        for (int i = 0; i < errorKeys.length; i++) {
            errors.put(errorKeys[i], errorCounts[i]);
        }
        String[] thExpr = r.readArrayOfString("thresholdExprs");
        boolean[] thOk = r.readArrayOfBoolean("thresholdOk");
        double[] thValue = r.readArrayOfFloat64("thresholdValues");
        List<ThresholdResult> thresholds = new ArrayList<>();
        for (int i = 0; i < thExpr.length; i++) {
            thresholds.add(new ThresholdResult(thExpr[i], thOk[i], thValue[i]));
        }
        String[] nodeIds = r.readArrayOfString("nodeIds");
        long[] nodeRequests = r.readArrayOfInt64("nodeRequests");
        double[] nodeShares = r.readArrayOfFloat64("nodeShares");
        long[] nodeUnreported = r.getFieldKind("nodeUnreported") == com.hazelcast.nio.serialization.FieldKind.NOT_AVAILABLE
                ? new long[nodeIds.length] : r.readArrayOfInt64("nodeUnreported");
        long[] nodeUnreportedMax = r.getFieldKind("nodeUnreportedMax")
                == com.hazelcast.nio.serialization.FieldKind.NOT_AVAILABLE ? nodeUnreported
                : r.readArrayOfInt64("nodeUnreportedMax");
        double[] nodeLag = absent(r, "nodeLagP99") ? new double[nodeIds.length] : r.readArrayOfFloat64("nodeLagP99");
        List<Report.Node> nodes = new ArrayList<>();
        for (int i = 0; i < nodeIds.length; i++) {
            nodes.add(new Report.Node(nodeIds[i], nodeRequests[i], nodeShares[i], nodeUnreported[i],
                    nodeUnreportedMax[i], nodeLag[i]));
        }
        long[] t = r.readArrayOfInt64("seriesT");
        double[] target = r.readArrayOfFloat64("seriesTarget");
        double[] achieved = r.readArrayOfFloat64("seriesAchieved");
        double[] p99 = r.readArrayOfFloat64("seriesP99");
        long[] errs = r.readArrayOfInt64("seriesErrors");
        double[] covered = absent(r, "seriesSeconds") ? null : r.readArrayOfFloat64("seriesSeconds");
        double[] sent = absent(r, "seriesSent") ? achieved : r.readArrayOfFloat64("seriesSent");
        List<SeriesPoint> series = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            series.add(new SeriesPoint(t[i], target[i], achieved[i], sent[i], p99[i], errs[i],
                    covered == null ? 1.0 : covered[i]));
        }
        String[] kinds = r.readArrayOfString("totalErrorKinds");
        long[] kindCounts = r.readArrayOfInt64("totalErrorCounts");
        Map<ErrorKind, Long> totalErrors = new EnumMap<>(ErrorKind.class);
        for (int i = 0; i < kinds.length; i++) {
            totalErrors.put(ErrorKind.valueOf(kinds[i]), kindCounts[i]);
        }
        Counters totals = new Counters(r.readInt64("issued"), r.readInt64("responses"), r.readInt64("successes"),
                r.readInt64("dropped"), r.readInt64("bytes"), totalErrors);
        return new Report(r.readInt64("transactions"), r.readFloat64("availability"), r.readFloat64("elapsedTime"),
                r.readFloat64("dataTransferred"), r.readFloat64("responseTime"), r.readFloat64("transactionRate"),
                r.readFloat64("throughput"), r.readFloat64("concurrency"), r.readInt64("successfulTransactions"),
                r.readInt64("failedTransactions"), r.readFloat64("longestTransaction"),
                r.readFloat64("shortestTransaction"), latency(r.readArrayOfFloat64("corrected")),
                latency(r.readArrayOfFloat64("service")),
                absent(r, "generatorLag") ? Report.Latency.EMPTY : latency(r.readArrayOfFloat64("generatorLag")),
                errors, r.readNullableFloat64("targetRps"),
                r.readFloat64("achievedRps"), thresholds, nodes, series, totals,
                absent(r, "ended") || r.readBoolean("ended"),   // only final reports are stored
                absent(r, "warmupSeconds") || r.readInt64("warmupSeconds") == 0 ? null : warmup(r));
    }

    @Override
    public void write(CompactWriter w, Report r) {
        w.writeInt64("transactions", r.transactions());
        w.writeFloat64("availability", r.availability());
        w.writeFloat64("elapsedTime", r.elapsedTime());
        w.writeFloat64("dataTransferred", r.dataTransferred());
        w.writeFloat64("responseTime", r.responseTime());
        w.writeFloat64("transactionRate", r.transactionRate());
        w.writeFloat64("throughput", r.throughput());
        w.writeFloat64("concurrency", r.concurrency());
        w.writeInt64("successfulTransactions", r.successfulTransactions());
        w.writeInt64("failedTransactions", r.failedTransactions());
        w.writeFloat64("longestTransaction", r.longestTransaction());
        w.writeFloat64("shortestTransaction", r.shortestTransaction());
        w.writeArrayOfFloat64("corrected", latency(r.corrected()));
        w.writeArrayOfFloat64("service", latency(r.service()));
        w.writeArrayOfFloat64("generatorLag", latency(r.generatorLag()));
        w.writeArrayOfFloat64("nodeLagP99", r.nodes().stream().mapToDouble(Report.Node::lagP99Ms).toArray());
        w.writeArrayOfString("errorKeys", r.errors().keySet().toArray(new String[0]));
        w.writeArrayOfInt64("errorCounts", r.errors().values().stream().mapToLong(Long::longValue).toArray());
        w.writeNullableFloat64("targetRps", r.targetRps());
        w.writeFloat64("achievedRps", r.achievedRps());
        List<ThresholdResult> th = r.thresholds();
        w.writeArrayOfString("thresholdExprs", th.stream().map(ThresholdResult::expr).toArray(String[]::new));
        boolean[] ok = new boolean[th.size()];
        for (int i = 0; i < ok.length; i++) {
            ok[i] = th.get(i).ok();
        }
        w.writeArrayOfBoolean("thresholdOk", ok);
        w.writeArrayOfFloat64("thresholdValues", th.stream().mapToDouble(ThresholdResult::value).toArray());
        w.writeArrayOfString("nodeIds", r.nodes().stream().map(Report.Node::id).toArray(String[]::new));
        w.writeArrayOfInt64("nodeRequests", r.nodes().stream().mapToLong(Report.Node::requests).toArray());
        w.writeArrayOfFloat64("nodeShares", r.nodes().stream().mapToDouble(Report.Node::share).toArray());
        w.writeArrayOfInt64("nodeUnreported", r.nodes().stream().mapToLong(Report.Node::unreported).toArray());
        w.writeArrayOfInt64("nodeUnreportedMax", r.nodes().stream().mapToLong(Report.Node::unreportedMax).toArray());
        List<SeriesPoint> s = r.series();
        w.writeArrayOfInt64("seriesT", s.stream().mapToLong(SeriesPoint::t).toArray());
        w.writeArrayOfFloat64("seriesTarget", s.stream().mapToDouble(SeriesPoint::target).toArray());
        w.writeArrayOfFloat64("seriesAchieved", s.stream().mapToDouble(SeriesPoint::achieved).toArray());
        w.writeArrayOfFloat64("seriesP99", s.stream().mapToDouble(SeriesPoint::p99).toArray());
        w.writeArrayOfInt64("seriesErrors", s.stream().mapToLong(SeriesPoint::errors).toArray());
        w.writeArrayOfFloat64("seriesSeconds", s.stream().mapToDouble(SeriesPoint::seconds).toArray());
        w.writeArrayOfFloat64("seriesSent", s.stream().mapToDouble(SeriesPoint::sent).toArray());
        Counters c = r.totals();
        w.writeInt64("issued", c.issued());
        w.writeInt64("responses", c.responses());
        w.writeInt64("successes", c.successes());
        w.writeInt64("dropped", c.dropped());
        w.writeInt64("bytes", c.bytes());
        w.writeArrayOfString("totalErrorKinds", c.errors().keySet().stream().map(Enum::name).toArray(String[]::new));
        w.writeArrayOfInt64("totalErrorCounts", c.errors().values().stream().mapToLong(Long::longValue).toArray());
        w.writeBoolean("ended", r.ended());
        Report.Warmup wu = r.warmup();
        w.writeInt64("warmupSeconds", wu == null ? 0 : wu.seconds());
        Counters wc = wu == null ? Counters.ZERO : wu.totals();
        w.writeArrayOfInt64("warmupCounts", new long[] {wc.issued(), wc.responses(), wc.successes(), wc.dropped(), wc.bytes()});
        w.writeArrayOfString("warmupErrorKinds", wc.errors().keySet().stream().map(Enum::name).toArray(String[]::new));
        w.writeArrayOfInt64("warmupErrorCounts", wc.errors().values().stream().mapToLong(Long::longValue).toArray());
        w.writeArrayOfFloat64("warmupCorrected", latency(wu == null ? Report.Latency.EMPTY : wu.corrected()));
        w.writeFloat64("warmupAchievedRps", wu == null ? 0 : wu.achievedRps());
    }

    private static Report.Warmup warmup(CompactReader r) {
        long[] n = r.readArrayOfInt64("warmupCounts");
        String[] kinds = r.readArrayOfString("warmupErrorKinds");
        long[] counts = r.readArrayOfInt64("warmupErrorCounts");
        Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        for (int i = 0; i < kinds.length; i++) {
            errors.put(ErrorKind.valueOf(kinds[i]), counts[i]);
        }
        return new Report.Warmup(r.readInt64("warmupSeconds"), new Counters(n[0], n[1], n[2], n[3], n[4], errors),
                latency(r.readArrayOfFloat64("warmupCorrected")), r.readFloat64("warmupAchievedRps"));
    }

    /** A field an older node's report does not have. */
    private static boolean absent(CompactReader r, String field) {
        return r.getFieldKind(field) == com.hazelcast.nio.serialization.FieldKind.NOT_AVAILABLE;
    }

    private static double[] latency(Report.Latency l) {
        return new double[] {l.p50(), l.p90(), l.p95(), l.p99(), l.p999(), l.max(), l.mean(), l.count()};
    }

    private static Report.Latency latency(double[] v) {
        return new Report.Latency(v[0], v[1], v[2], v[3], v[4], v[5], v[6], (long) v[7]);
    }

    @Override
    public String getTypeName() {
        return "siegegrid.Report";
    }

    @Override
    public Class<Report> getCompactClass() {
        return Report.class;
    }
}
