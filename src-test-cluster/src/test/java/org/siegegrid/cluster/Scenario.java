package org.siegegrid.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import com.google.gson.JsonObject;

/**
 * One session on a {@link Fleet}, on the session's own clock: second 0 is its start (the sink's second 0 is
 * its first request, within milliseconds of that), so a fault's time and the sink's per-second counts line
 * up. Prints what it measures.
 */
final class Scenario {
    final Fleet fleet;
    final String id;
    final double rps;
    final int seconds;
    final Instant start;

    private Scenario(Fleet fleet, String id, double rps, int seconds, Instant start) {
        this.fleet = fleet;
        this.id = id;
        this.rps = rps;
        this.seconds = seconds;
        this.start = start;
    }

    /** Creates the session through the first node and waits until it is RUNNING. */
    static Scenario begin(Fleet fleet, double rps, int seconds) {
        return begin(fleet, rps, seconds, null);
    }

    /** The same with a per-request {@code timeout} ({@code "2s"}; null = the default). */
    static Scenario begin(Fleet fleet, double rps, int seconds, String timeout) {
        return begin(fleet, rps, seconds, timeout, 0);
    }

    /** The same with the cluster's {@code concurrency} (0 = the engine's default). */
    static Scenario begin(Fleet fleet, double rps, int seconds, String timeout, int concurrency) {
        Fleet.Node via = fleet.node(0);
        return of(fleet, via, SessionApi.create(via, fleet.sink(), rps, seconds + "s", timeout, concurrency), rps,
                seconds);
    }

    /** A session created by someone else (a CLI run): waits until {@code via} sees it RUNNING. */
    static Scenario of(Fleet fleet, Fleet.Node via, String id, double rps, int seconds) {
        Fleet.await(Duration.ofSeconds(10)).until(() -> "RUNNING".equals(SessionApi.state(via, id)));
        Instant start = SessionApi.startedAt(via, id);
        System.out.printf(Locale.ROOT, "session %s: %.0f rps for %d s, starts %s%n", id, rps, seconds, start);
        return new Scenario(fleet, id, rps, seconds, start);
    }

    /** Seconds since the session's start, now. */
    double now() {
        return Duration.between(start, Instant.now()).toNanos() / 1e9;
    }

    /** Waits until the session's clock reads {@code sec}; returns the reading then. */
    double at(double sec) throws InterruptedException {
        long ms = (long) ((sec - now()) * 1000);
        if (ms > 0) {
            Thread.sleep(ms);
        }
        return now();
    }

    /** The sink's series so far, the scheduled seconds only. */
    Series series() {
        return Series.of(fleet.sinkPerSecond(), rps, seconds);
    }

    /** The figures around an event at {@code t} (session seconds), up to second {@code to}. */
    Series printAround(String what, double t, int to) {
        Series s = series();
        int e = (int) Math.floor(t);
        var restore = s.restoreSeconds(t, 2, 3, to);
        System.out.printf(Locale.ROOT, "%s at %.2f s: sink around it %s%n", what, t, s.window(e - 2, Math.min(to, e + 12)));
        System.out.printf(Locale.ROOT, "%s: back within ±2 %% (3 s in a row) %s after it; seconds outside ±2 %% in"
                        + " [%d, %d): %d; worst over %+.2f %%, worst under %+.2f %%; requests short of target %d%n", what,
                restore.isPresent() ? String.format(Locale.ROOT, "%.2f s", restore.getAsDouble()) : "never",
                e, to, s.secondsOutside(2, e, to), s.worstOverPct(e, to), s.worstUnderPct(e, to), s.missing(e, to));
        return s;
    }

    /** Waits for FINISHED, the sink to settle, and prints the report against the sink. Returns |diff| in %. */
    Finished finish(Fleet.Node via) {
        JsonObject report = SessionApi.finalReport(via, id, Duration.ofSeconds(seconds + 45));
        long sink = fleet.settledSinkCount();
        long reported = SessionApi.reported(report);
        double diff = 100.0 * (reported - sink) / Math.max(1, sink);
        Series s = series();
        System.out.printf(Locale.ROOT, "final report %d requests (%d failed, errors %s, dropped?), sink %d: %+.3f %%;"
                        + " asked %.0f (sink %+.2f %%); report nodes %s%n", reported,
                report.get("failed_transactions").getAsLong(), report.getAsJsonObject("errors"), sink, diff,
                rps * seconds, 100.0 * (sink - rps * seconds) / (rps * seconds), report.get("nodes"));
        System.out.println("sink per second: " + fleet.sinkPerSecond());
        return new Finished(report, sink, reported, diff, s);
    }

    record Finished(JsonObject report, long sink, long reported, double diffPct, Series series) {
    }
}
