package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 10, a soak: three nodes at a steady 1,000 rps for 10 minutes ({@code -Dsiegegrid.soak.minutes=N} for
 * another length). Every 30 s each node's heap after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info})
 * and its threads ({@code /metrics}, {@code ps}) are sampled; their growth per minute (least-squares slope)
 * must be flat within the bounds below. At the end: the final report complete (every second in its series, its
 * count within 0.5 % of the sink's, the series adding up to its totals) and the sink's count within 1 % of the
 * schedule. Runs only with the Maven profile {@code soak}: {@code mvn -B verify -Psoak -pl src-test-cluster -am
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>Bounds, on the least-squares growth over the run (the slope times its length), samples from 30 s to the
 * last one before the end: heap after GC at most 1 MB a minute (5 MB at least, for short runs); threads at most
 * 0.5 a minute (3 at least), and never more than 8 above the first sample. What a session legitimately keeps
 * grows with its length, each node's per-second stats (about 1 KB a second for its own run, compressed
 * histograms) and the stats map's copies of every node's (owner and backup): some 0.3 MB a minute in all; a
 * leak of one small object per request (20,000 a minute per node) is well above 1 MB a minute.
 */
class SoakIT {
    static final int MINUTES = Integer.getInteger("siegegrid.soak.minutes", 10);
    static final int SAMPLE_SECONDS = Integer.getInteger("siegegrid.soak.sampleSeconds", 30);
    static final double RPS = 1000;
    static final double HEAP_MB_PER_MINUTE = 1.0;
    static final double HEAP_MB_AT_LEAST = 5;
    static final double THREADS_PER_MINUTE = 0.5;
    static final double THREADS_AT_LEAST = 3;
    static final int THREADS_MORE = 8;

    @Test
    @Timeout(value = 2, unit = TimeUnit.HOURS)
    void threeNodesAtASteadyRateDoNotGrow() {
        // the run's own bound follows its length: 5 minutes more than the session
        assertTimeoutPreemptively(Duration.ofSeconds(MINUTES * 60L + 300), this::soak);
    }

    private void soak() throws Exception {
        int seconds = MINUTES * 60;
        try (Fleet fleet = Fleet.start("soak", 3, "majority", List.of(), Duration.ofSeconds(seconds + 600))) {
            try {
                Map<String, List<NodeProbe.Sample>> samples = new LinkedHashMap<>();
                for (Fleet.Node n : fleet.nodes()) {
                    samples.put(n.id, new ArrayList<>());
                }
                Map<String, NodeProbe.Sample> idle = new LinkedHashMap<>();
                for (Fleet.Node n : fleet.nodes()) {
                    idle.put(n.id, NodeProbe.sample(n, 0));
                }
                Scenario run = Scenario.begin(fleet, RPS, seconds);
                for (int t = SAMPLE_SECONDS; t < seconds; t += SAMPLE_SECONDS) {
                    run.at(t);
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "soak %4d s:", t));
                    for (Fleet.Node n : fleet.nodes()) {
                        NodeProbe.Sample s = NodeProbe.sample(n, run.now());
                        samples.get(n.id).add(s);
                        line.append(String.format(Locale.ROOT, "  %s heap %.1f MB, %d threads (%d native)", n.id,
                                s.heapAfterGcKb() / 1024.0, s.liveThreads(), s.nativeThreads()));
                    }
                    System.out.println(line);
                }

                Scenario.Finished end = run.finish(fleet.node(1));
                JsonObject report = end.report();
                Series sink = end.series();
                long asked = Math.round(RPS * seconds);
                double sinkVsAsked = 100.0 * (end.sink() - asked) / asked;
                // the series: a point per second, adding up to the totals (sent is a rate: requests started
                // in that second; errors are a count)
                double seriesStarted = 0;
                long seriesErrors = 0;
                int points = 0;
                Map<Long, Long> errorSeconds = new LinkedHashMap<>();
                for (JsonElement e : report.getAsJsonArray("series")) {
                    JsonObject p = e.getAsJsonObject();
                    points++;
                    seriesStarted += p.get("sent").isJsonNull() ? 0 : p.get("sent").getAsDouble() * p.get("seconds").getAsDouble();
                    seriesErrors += p.get("errors").getAsLong();
                    if (p.get("errors").getAsLong() > 0) {
                        errorSeconds.put(p.get("t").getAsLong(), p.get("errors").getAsLong());
                    }
                }
                System.out.println("soak: seconds with errors (second: errors): " + errorSeconds);
                long errors = 0;
                for (Map.Entry<String, JsonElement> e : report.getAsJsonObject("errors").entrySet()) {
                    errors += e.getValue().getAsLong();
                }
                long nodeSum = 0;
                for (JsonElement e : report.getAsJsonArray("nodes")) {
                    nodeSum += e.getAsJsonObject().get("requests").getAsLong();
                }
                double seriesVsReport = 100.0 * (seriesStarted - end.reported()) / end.reported();
                System.out.printf(Locale.ROOT, "soak: %d min at %.0f rps: sink %d (%+.3f %% of the %d asked), report %d"
                                + " (%+.3f %% of the sink), %d failed (errors %s); series: %d points for %d s, requests"
                                + " started %.0f (%+.3f %% of the report), errors %d (report %d); nodes' requests %d%n",
                        MINUTES, RPS, end.sink(), sinkVsAsked, asked, end.reported(), end.diffPct(),
                        report.get("failed_transactions").getAsLong(), report.getAsJsonObject("errors"), points, seconds,
                        seriesStarted, seriesVsReport, seriesErrors, errors, nodeSum);
                System.out.printf(Locale.ROOT, "soak: sink per second from second 2: worst over %+.2f %%, worst under"
                                + " %+.2f %%, seconds outside ±2 %%: %d, worst over-target second with the one before"
                                + " it %+.2f %%%n", sink.worstOverPct(2, seconds), sink.worstUnderPct(2, seconds),
                        sink.secondsOutside(2, 2, seconds), sink.worstOverWithCatchUpPct(2, seconds));

                Map<String, double[]> growth = new LinkedHashMap<>();
                for (Fleet.Node n : fleet.nodes()) {
                    List<NodeProbe.Sample> list = samples.get(n.id);
                    List<double[]> heap = new ArrayList<>();
                    List<double[]> threads = new ArrayList<>();
                    for (NodeProbe.Sample s : list) {
                        heap.add(new double[] {s.t() / 60, s.heapAfterGcKb() / 1024.0});
                        threads.add(new double[] {s.t() / 60, s.liveThreads()});
                    }
                    Trend h = Trend.fit(heap);
                    Trend th = Trend.fit(threads);
                    NodeProbe.Sample first = list.get(0);
                    NodeProbe.Sample last = list.get(list.size() - 1);
                    int most = list.stream().mapToInt(NodeProbe.Sample::liveThreads).max().orElse(0);
                    growth.put(n.id, new double[] {h.slope(), th.slope(), most - first.liveThreads()});
                    System.out.printf(Locale.ROOT, "soak: %s heap after GC %.1f MB idle, %.1f MB at %.0f s, %.1f MB at the"
                                    + " end: %+.3f MB/min (least squares over %d samples); threads %d idle, %d at %.0f s, %d"
                                    + " at the end (most %d): %+.3f/min; grown by name since the first sample: %s%n",
                            n.id, idle.get(n.id).heapAfterGcKb() / 1024.0, first.heapAfterGcKb() / 1024.0, first.t(),
                            last.heapAfterGcKb() / 1024.0, h.slope(), h.n(), idle.get(n.id).liveThreads(),
                            first.liveThreads(), first.t(), last.liveThreads(), most, th.slope(),
                            NodeProbe.threadGrowth(first, last));
                }

                assertThat(SessionApi.state(fleet.node(1), run.id)).isEqualTo("FINISHED");
                assertThat(Math.abs(end.diffPct())).as("report vs sink, %").isLessThanOrEqualTo(0.5);
                assertThat(Math.abs(sinkVsAsked)).as("sink vs the schedule, %").isLessThanOrEqualTo(1.0);
                assertThat(points).as("a point per second in the report's series").isBetween(seconds, seconds + 1);
                assertThat(seriesErrors).as("the series' errors add up to the report's").isEqualTo(errors);
                assertThat(Math.abs(seriesVsReport)).as("the series' requests started vs the report's, %")
                        .isLessThanOrEqualTo(0.5);
                assertThat(nodeSum).as("the nodes' requests add up to the report's").isEqualTo(end.reported());
                assertThat(report.get("failed_transactions").getAsLong()).as("failed requests against a healthy sink")
                        .isLessThanOrEqualTo(end.reported() / 10_000);
                for (Map.Entry<String, double[]> e : growth.entrySet()) {
                    assertThat(e.getValue()[0] * MINUTES).as("%s heap after GC, fitted growth over the run, MB (%+.3f"
                                    + " MB/min)", e.getKey(), e.getValue()[0])
                            .isLessThanOrEqualTo(Math.max(HEAP_MB_AT_LEAST, HEAP_MB_PER_MINUTE * MINUTES));
                    assertThat(e.getValue()[1] * MINUTES).as("%s threads, fitted growth over the run (%+.3f/min)",
                            e.getKey(), e.getValue()[1]).isLessThanOrEqualTo(Math.max(THREADS_AT_LEAST,
                            THREADS_PER_MINUTE * MINUTES));
                    assertThat(e.getValue()[2]).as("%s threads above the first sample", e.getKey())
                            .isLessThanOrEqualTo(THREADS_MORE);
                }
            } catch (AssertionError | RuntimeException e) {
                fleet.dumpLogs();
                throw e;
            }
        }
    }
}
