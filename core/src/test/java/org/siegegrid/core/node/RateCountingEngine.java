package org.siegegrid.core.node;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.siegegrid.core.load.Engine;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.load.RequestLog;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.IntervalStats;

/**
 * An engine that sends nothing and "sends" exactly its granted share: each runner integrates its rate (the
 * plan's rate x its share's fraction) over the time it may send (started, not paused, not stopped, before
 * its {@code sendUntil} deadline) and reports that many requests, all answered. What a fleet of many
 * nodes does with its shares can then be measured without the traffic: {@link #rateNow} is each runner's
 * grant in force at an instant. Runners are told apart by their plan's first target URL.
 */
final class RateCountingEngine implements Engine {
    /** Every runner of every engine of a simulation (shared by its nodes), for sampling. */
    final List<Runner> runners;
    final String node;

    RateCountingEngine(String node, List<Runner> registry) {
        this.node = node;
        this.runners = registry;
    }

    static List<Runner> registry() {
        return new CopyOnWriteArrayList<>();
    }

    @Override
    public LoadRunner newRunner(LoadPlan plan) {
        return newRunner(plan, Duration.ZERO);
    }

    @Override
    public LoadRunner newRunner(LoadPlan plan, Duration elapsed) {
        Runner r = new Runner(node, plan, elapsed);
        runners.add(r);
        return r;
    }

    @Override
    public void close() {
        for (Runner r : runners) {
            if (r.node.equals(node)) {
                r.close();
            }
        }
    }

    private static final org.HdrHistogram.Histogram NO_LATENCY = org.siegegrid.core.report.Histograms.newHistogram();

    static final class Runner implements LoadRunner {
        final String node;
        final String session;
        private volatile LoadPlan plan;
        private final long originNanos;
        private double fraction;
        private boolean started;
        private boolean paused;
        private boolean stopped;
        private long sendUntil = Long.MAX_VALUE;
        private long last;
        private double sent;
        private long taken;
        private long takenAt;

        Runner(String node, LoadPlan plan, Duration elapsed) {
            this.node = node;
            this.plan = plan;
            this.session = plan.targets().get(0).url();
            this.originNanos = Ticker.SYSTEM.nanoTime() - elapsed.toNanos();
        }

        private double rate(long now) {
            return plan.profile() == null ? 0 : plan.profile().rateAt((now - originNanos) / 1e9) * fraction;
        }

        /** The rate this runner sends at {@code now}: its grant in force (0 when it may not send). */
        synchronized double rateNow(long now) {
            return started && !paused && !stopped && now < sendUntil ? rate(now) : 0;
        }

        private void advance(long now) {
            if (started && !paused && !stopped) {
                long until = Math.min(now, Math.max(last, sendUntil));
                if (until > last) {
                    sent += rate(last) * (until - last) / 1e9;
                }
            }
            last = now;
        }

        @Override
        public synchronized void start(LocalShare share) {
            long now = Ticker.SYSTEM.nanoTime();
            advance(now);
            fraction = share.rateFraction();
            started = true;
            takenAt = now;
        }

        @Override
        public void requestLog(RequestLog log) {
        }

        @Override
        public synchronized void retune(LocalShare share) {
            advance(Ticker.SYSTEM.nanoTime());
            fraction = share.rateFraction();
        }

        @Override
        public synchronized void updatePlan(LoadPlan p) {
            advance(Ticker.SYSTEM.nanoTime());
            plan = p;
        }

        @Override
        public synchronized void pause() {
            advance(Ticker.SYSTEM.nanoTime());
            paused = true;
        }

        @Override
        public synchronized void resume() {
            advance(Ticker.SYSTEM.nanoTime());
            paused = false;
        }

        @Override
        public synchronized void sendUntil(long deadlineNanos) {
            advance(Ticker.SYSTEM.nanoTime());
            sendUntil = deadlineNanos;
        }

        @Override
        public synchronized void stop() {
            advance(Ticker.SYSTEM.nanoTime());
            stopped = true;
        }

        @Override
        public synchronized boolean isDone() {
            return stopped;
        }

        @Override
        public boolean awaitDone(Duration timeout) {
            return isDone();
        }

        @Override
        public synchronized Counters totals() {
            advance(Ticker.SYSTEM.nanoTime());
            long n = (long) sent;
            return new Counters(n, n, n, 0, 0, Map.of());
        }

        @Override
        public synchronized IntervalStats takeInterval() {
            long now = Ticker.SYSTEM.nanoTime();
            advance(now);
            long n = (long) sent - taken;
            taken += n;
            long from = takenAt;
            takenAt = now;
            // no latencies: one shared pair of empty histograms, read and never written (a fresh pair a
            // second per runner would be most of what a 100-node simulation allocates)
            return new IntervalStats(from, now, n, new Counters(n, n, n, 0, 0, Map.of()), NO_LATENCY, NO_LATENCY);
        }

        @Override
        public synchronized void close() {
            stop();
        }
    }
}
