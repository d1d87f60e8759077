package org.siegegrid.core.node;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.HdrHistogram.Histogram;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.Histograms;
import org.siegegrid.core.report.NodeStats;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SessionState;
import org.siegegrid.core.session.Target;

/**
 * N real SiegeNodes on Hazelcast's in-JVM mock network, at serve's default round (1 s) and lease (3 s),
 * whose engines "send" exactly their granted share ({@link RateCountingEngine}); S sessions at once. It
 * measures what the scale issue asks: round latency on the session keys, how long shares take to converge
 * after a start, a rate update and the loss of 10 % of the nodes at once, the sum of the grants in force at
 * every sampled instant (never above the target), and the bytes of stats each node publishes a second.
 */
final class FleetSimulation implements AutoCloseable {
    static final Duration ROUND = Duration.ofSeconds(1);
    static final Duration LEASE = Duration.ofSeconds(3);
    static final long SAMPLE_MS = 50;

    final int nodes;
    final int sessions;
    final double rps;
    final NodeCluster cluster;
    final List<RateCountingEngine.Runner> runners = RateCountingEngine.registry();
    final List<String> ids = new ArrayList<>();
    /** Per session URL: the highest sum of grants in force seen at one instant, over the target. */
    final Map<String, Double> worstOver = new TreeMap<>();
    private final Map<String, Double> targets = new TreeMap<>();
    private final AtomicBoolean sampling = new AtomicBoolean(true);
    private final Thread sampler;

    /** The figures of one run. */
    record Figures(int nodes, int sessions, double startS, long formMs, double roundP50Ms, double roundP99Ms,
                   double convergeStartS, double convergeUpdateS, double convergeKillS, int killed,
                   double worstSumOverTarget, double statsBytesPerNodePerS, long reportRequests, long issued) {
    }

    FleetSimulation(int nodes, int sessions, double rps, Path reports) {
        this.nodes = nodes;
        this.sessions = sessions;
        this.rps = rps;
        this.cluster = new NodeCluster(ROUND, LEASE, 1, reports);
        this.cluster.callTimeout = org.siegegrid.core.grid.GridSettings.defaults().operationCallTimeout();   // serve's
        // N members share this JVM's cores: each gets one partition and one generic thread instead of a pool
        // sized for the whole machine (what N processes on N hosts would each have to themselves), and
        // Hazelcast's own health monitor is off; SiegeGrid's settings are serve's
        if (Boolean.parseBoolean(System.getProperty("siegegrid.scale.trim", "true"))) {
            this.cluster.hazelcastProperties = Map.of("hazelcast.operation.thread.count", "1",
                    "hazelcast.operation.generic.thread.count", "1", "hazelcast.event.thread.count", "1",
                    "hazelcast.health.monitoring.level", "OFF", "hazelcast.operation.priority.generic.thread.count", "1");
        }
        this.sampler = new Thread(this::sample, "fleet-sim-sampler");
        this.sampler.setDaemon(true);
    }

    private static String url(int k) {
        return "http://127.0.0.1:9/s" + k;
    }

    private void sample() {
        while (sampling.get()) {
            long now = Ticker.SYSTEM.nanoTime();
            Map<String, Double> sum = new TreeMap<>();
            for (RateCountingEngine.Runner r : runners) {
                sum.merge(r.session, r.rateNow(now), Double::sum);
            }
            sum.forEach((s, v) -> {
                Double target = targets.get(s);
                if (target != null && target > 0) {
                    worstOver.merge(s, v / target, Math::max);
                }
            });
            try {
                Thread.sleep(SAMPLE_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Seconds until every session's grants add up to its target (within 1 %) with no node above 1.2x its part. */
    private double converge(Duration atMost) {
        long t0 = System.nanoTime();
        await().pollInterval(Duration.ofMillis(SAMPLE_MS)).atMost(atMost).until(this::converged);
        return (System.nanoTime() - t0) / 1e9;
    }

    private boolean converged() {
        long now = Ticker.SYSTEM.nanoTime();
        int alive = cluster.running().size();
        for (Map.Entry<String, Double> t : targets.entrySet()) {
            double sum = 0;
            double max = 0;
            for (RateCountingEngine.Runner r : runners) {
                if (r.session.equals(t.getKey())) {
                    double v = r.rateNow(now);
                    sum += v;
                    max = Math.max(max, v);
                }
            }
            if (sum < 0.99 * t.getValue() || max > 1.2 * t.getValue() / alive) {
                return false;
            }
        }
        return true;
    }

    Figures run() {
        long t0 = System.nanoTime();
        for (int i = 0; i < nodes; i++) {
            String id = String.format(Locale.ROOT, "n%03d", i);
            cluster.start(id, 0, new RateCountingEngine(id, runners));
        }
        SiegeNode first = cluster.node("n000");
        await().atMost(Duration.ofMinutes(5)).until(() -> cluster.running().stream()
                .allMatch(n -> n.grid().liveNodeIds().size() == nodes));
        long formMs = (System.nanoTime() - t0) / 1_000_000;
        sampler.start();

        for (int k = 0; k < sessions; k++) {
            targets.put(url(k), rps);
            Session s = first.create(new SessionSpec("sim" + k, List.of(Target.get(url(k))), null, null, rps, null,
                    null, null, false, null, null, Duration.ofMinutes(30), null, null, List.of()));
            ids.add(s.id());
        }
        double convergeStart = converge(Duration.ofSeconds(60));

        // rounds in steady state
        for (SiegeNode n : cluster.running()) {
            n.roundLatency();
        }
        measureFor(Duration.ofSeconds(10));   // a measurement window, not a wait for a condition
        Histogram rounds = Histograms.newHistogram();
        for (SiegeNode n : cluster.running()) {
            rounds.add(n.roundLatency());
        }
        // bytes of stats values one node publishes a second, over all sessions (each publish replaces the last:
        // the value's size is what goes over the wire each second); measured as the values' sizes now
        double statsBytesPerNodePerS = statsBytes() / (double) nodes;

        // a rate update of the first session
        String updated = url(0);
        targets.put(updated, rps * 2);
        Session s0 = first.session(ids.get(0)).orElseThrow();
        first.update(ids.get(0), withRate(s0.spec(), rps * 2));
        double convergeUpdate = converge(Duration.ofSeconds(60));

        // 10 % of the nodes killed at once (never the first: it drives the API calls)
        int kill = Math.max(1, nodes / 10);
        for (int i = 0; i < kill; i++) {
            cluster.terminate(String.format(Locale.ROOT, "n%03d", nodes - 1 - i));
        }
        double convergeKill = converge(Duration.ofSeconds(60));

        for (String id : ids) {
            first.stop(id);
        }
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(60)).until(() -> first.session(id).map(Session::state)
                    .filter(SessionState::terminal).isPresent());
        }
        sampling.set(false);
        long reportRequests = 0;
        for (String id : ids) {
            Report r = first.report(id);
            reportRequests += r.totals().issued() + r.unreported();
        }
        long issued = 0;
        for (RateCountingEngine.Runner r : runners) {
            issued += r.totals().issued();
        }
        double worst = worstOver.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return new Figures(nodes, sessions, 0, formMs, rounds.getValueAtPercentile(50) / 1000.0,
                rounds.getValueAtPercentile(99) / 1000.0, convergeStart, convergeUpdate, convergeKill, kill, worst,
                statsBytesPerNodePerS, reportRequests, issued);
    }

    private static void measureFor(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SessionSpec withRate(SessionSpec s, double rate) {
        return new SessionSpec(s.name(), s.targets(), s.urlsFile(), s.order(), rate, s.stages(), s.users(), s.delay(),
                s.benchmark(), s.concurrency(), s.requests(), s.duration(), s.timeout(), s.engine(), s.thresholds(),
                s.warmup());
    }

    /** The encoded size of every node's stats value of every session, summed (what one second publishes). */
    private long statsBytes() {
        long bytes = 0;
        for (NodeStats ns : cluster.node("n000").grid().<NodeStats>stats().values()) {
            bytes += ns.stats().length;
        }
        return bytes;
    }

    @Override
    public void close() {
        sampling.set(false);
        cluster.close();
    }
}
