package org.siegegrid.core.report;

import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * The report as JSON (README "Report JSON" and the run -j fields), keys always in the same order and always present.
 * siege's fields carry siege's 2 decimals (rounded as glibc's {@code %.2f}, like {@code siege -j});
 * latencies in ms carry 3 (microsecond resolution); rates 2; shares 4. Values that do not exist
 * (no target rate in the closed model, a p99 of a second without samples, a threshold with nothing to
 * measure) are {@code null}.
 */
public final class ReportJson {
    private static final Gson PRETTY = new GsonBuilder().serializeNulls().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Gson COMPACT = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private ReportJson() {
    }

    /** Pretty-printed (2-space indent). */
    public static String toJson(Report r) {
        return PRETTY.toJson(toJsonObject(r));
    }

    /** One line. */
    public static String toCompactJson(Report r) {
        return COMPACT.toJson(toJsonObject(r));
    }

    public static JsonObject toJsonObject(Report r) {
        JsonObject o = new JsonObject();
        o.addProperty("transactions", r.transactions());
        o.add("availability", fixed(r.availability(), 2));
        o.add("elapsed_time", fixed(r.elapsedTime(), 2));
        o.add("data_transferred", fixed(r.dataTransferred(), 2));
        o.add("response_time", fixed(r.responseTime(), 2));
        o.add("transaction_rate", fixed(r.transactionRate(), 2));
        o.add("throughput", fixed(r.throughput(), 2));
        o.add("concurrency", fixed(r.concurrency(), 2));
        o.addProperty("successful_transactions", r.successfulTransactions());
        o.addProperty("failed_transactions", r.failedTransactions());
        o.add("longest_transaction", fixed(r.longestTransaction(), 2));
        o.add("shortest_transaction", fixed(r.shortestTransaction(), 2));

        JsonObject latency = new JsonObject();
        latency.add("corrected", latency(r.corrected()));
        latency.add("service", latency(r.service()));
        // the generator's own lateness with a connection free: in corrected latency, not the server's doing
        latency.add("generator_lag", latency(r.generatorLag()));
        o.add("latency_ms", latency);

        JsonObject errors = new JsonObject();
        for (Map.Entry<String, Long> e : r.errors().entrySet()) {
            errors.addProperty(e.getKey(), e.getValue());
        }
        o.add("errors", errors);
        o.add("target_rps", r.targetRps() == null ? JsonNull.INSTANCE : fixed(r.targetRps(), 2));
        o.add("achieved_rps", fixed(r.achievedRps(), 2));
        o.add("thresholds", thresholds(r));
        o.add("nodes", nodes(r));
        // what the schedule asked for and never got an answer: dropped (never sent) and unfinished (sent,
        // never answered; in a live report: in flight)
        o.addProperty("issued_requests", r.totals().issued());
        o.addProperty("dropped_requests", r.totals().dropped());
        o.addProperty("unfinished_requests", r.totals().unfinished());
        o.addProperty("unreported_requests", r.unreported());
        o.addProperty("unreported_requests_max", r.unreportedMax());
        o.add("warmup", warmup(r.warmup()));
        o.add("series", series(r));
        return o;
    }

    /** The warm-up, measured apart (null without one). */
    private static JsonElement warmup(Report.Warmup w) {
        if (w == null) {
            return JsonNull.INSTANCE;
        }
        JsonObject o = new JsonObject();
        o.addProperty("seconds", w.seconds());
        o.addProperty("requests", w.totals().issued());
        o.addProperty("responses", w.totals().responses());
        o.addProperty("failures", w.totals().failures());
        o.addProperty("dropped", w.totals().dropped());
        o.add("achieved_rps", fixed(w.achievedRps(), 2));
        JsonObject latency = new JsonObject();
        latency.add("corrected", latency(w.corrected()));
        o.add("latency_ms", latency);
        return o;
    }

    private static JsonObject latency(Report.Latency l) {
        JsonObject o = new JsonObject();
        o.add("p50", fixed(l.p50(), 3));
        o.add("p90", fixed(l.p90(), 3));
        o.add("p95", fixed(l.p95(), 3));
        o.add("p99", fixed(l.p99(), 3));
        o.add("p999", fixed(l.p999(), 3));
        o.add("max", fixed(l.max(), 3));
        o.add("mean", fixed(l.mean(), 3));
        return o;
    }

    private static JsonArray thresholds(Report r) {
        JsonArray a = new JsonArray();
        for (ThresholdResult t : r.thresholds()) {
            JsonObject o = new JsonObject();
            o.addProperty("expr", t.expr());
            o.addProperty("ok", t.ok());
            o.add("value", fixed(t.value(), 3));
            a.add(o);
        }
        return a;
    }

    private static JsonArray nodes(Report r) {
        JsonArray a = new JsonArray();
        for (Report.Node n : r.nodes()) {
            JsonObject o = new JsonObject();
            o.addProperty("id", n.id());
            o.addProperty("requests", n.requests());
            o.add("share", fixed(n.share(), 4));
            o.addProperty("unreported", n.unreported());
            o.addProperty("unreported_max", n.unreportedMax());
            o.add("generator_lag_p99_ms", fixed(n.lagP99Ms(), 3));
            a.add(o);
        }
        return a;
    }

    private static JsonArray series(Report r) {
        JsonArray a = new JsonArray();
        for (SeriesPoint p : r.series()) {
            JsonObject o = new JsonObject();
            o.addProperty("t", p.t());
            o.add("target", fixed(p.target(), 2));
            o.add("achieved", fixed(p.achieved(), 2));
            o.add("sent", fixed(p.sent(), 2));
            o.add("p99", fixed(p.p99(), 3));
            o.addProperty("errors", p.errors());
            o.add("seconds", fixed(p.seconds(), 3));
            o.addProperty("partial", p.partial());
            a.add(o);
        }
        return a;
    }

    /** A number with a fixed count of decimals, or null for NaN/infinite. */
    static JsonElement fixed(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return JsonNull.INSTANCE;
        }
        return new JsonPrimitive(CFormat.round(v, decimals));
    }
}
