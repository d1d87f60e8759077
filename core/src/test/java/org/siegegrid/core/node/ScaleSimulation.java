package org.siegegrid.core.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scale figures (README "Scale"): {@link FleetSimulation} at 10, 50 and 100 nodes, 5 sessions each,
 * printed as a table. Not part of the build (its name is no test's): run it with
 * {@code mvn -B -pl core test -Dtest=ScaleSimulation -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dsiegegrid.scale.nodes=10,50} for fewer).
 */
@Timeout(3600)
class ScaleSimulation {

    @Test
    void measure() throws Exception {
        List<FleetSimulation.Figures> rows = new ArrayList<>();
        for (String n : System.getProperty("siegegrid.scale.nodes", "10,50,100").split(",")) {
            Path reports = Files.createTempDirectory("siegegrid-scale");
            try (FleetSimulation sim = new FleetSimulation(Integer.parseInt(n.strip()), 5, 1_000, reports)) {
                FleetSimulation.Figures f = sim.run();
                System.out.println("fleet simulation: " + f);
                rows.add(f);
            }
        }
        System.out.println();
        System.out.println("| nodes | form s | round p50 / p99 ms | converge: start / update / kill 10 % s | worst sum of grants / target | stats bytes per node per s |");
        System.out.println("|---|---|---|---|---|---|");
        for (FleetSimulation.Figures f : rows) {
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f / %.1f | %.1f / %.1f / %.1f (%d killed) | %.4f | %.0f |%n",
                    f.nodes(), f.formMs() / 1000.0, f.roundP50Ms(), f.roundP99Ms(), f.convergeStartS(),
                    f.convergeUpdateS(), f.convergeKillS(), f.killed(), f.worstSumOverTarget(), f.statsBytesPerNodePerS());
        }
    }

    /**
     * The final report of a one-hour session from 100 nodes: each node's stats as the coordinator gets them
     * (encoded, 3,600 seconds, each with its corrected-latency histogram of 1,000 answers a second), decoded
     * and merged into the report. Time, and the heap's peak while doing it (the sum of the heap pools' peaks:
     * an upper bound), with the encoded input already in memory as the cluster map would hold it.
     */
    @Test
    void finalReportOfAHundredNodesForAnHour() {
        int nodes = Integer.getInteger("siegegrid.scale.reportNodes", 100);
        int seconds = Integer.getInteger("siegegrid.scale.reportSeconds", 3600);
        java.util.Random rnd = new java.util.Random(42);
        org.siegegrid.core.report.RunStats one = new org.siegegrid.core.report.RunStats(0);
        for (int t = 0; t < seconds; t++) {
            org.HdrHistogram.Histogram h = org.siegegrid.core.report.Histograms.newHistogram();
            for (int i = 0; i < 1000; i++) {
                h.recordValue(200 + (long) Math.abs(rnd.nextGaussian() * 800));   // 0.2-3 ms in us
            }
            long n = 1000;
            one.add(new org.siegegrid.core.report.IntervalStats(t * 1_000_000_000L, (t + 1) * 1_000_000_000L, n,
                    new org.siegegrid.core.report.Counters(n, n, n, 0, n * 100, java.util.Map.of()), h, h), 1000);
        }
        byte[] encoded = org.siegegrid.core.report.RunStatsCodec.encode(one);
        List<byte[]> input = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            input.add(encoded.clone());
        }
        System.gc();
        var heap = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP).toList();
        long before = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        heap.forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        org.siegegrid.core.report.ReportBuilder b = org.siegegrid.core.report.ReportBuilder.create();
        for (int i = 0; i < nodes; i++) {
            b.addNode("n" + i, org.siegegrid.core.report.RunStatsCodec.decode(input.get(i)));
        }
        org.siegegrid.core.report.Report r = b.ended(true).build();
        double secs = (System.nanoTime() - t0) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf(Locale.ROOT, "final report of %d nodes x %d s: %.2f s to decode and merge; input %.1f MB"
                        + " (%d bytes a node, %.0f a second); heap before %.0f MB, peak at most %.0f MB; %d requests,"
                        + " %d series points%n", nodes, seconds, secs, nodes * (double) encoded.length / (1 << 20),
                encoded.length, encoded.length / (double) seconds, before / 1048576.0, peak / 1048576.0,
                r.totals().issued(), r.series().size());
    }
}
