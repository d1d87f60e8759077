package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.Histograms;
import org.siegegrid.core.report.IntervalStats;

/** The run loop on a fake clock: minutes of run in milliseconds, exact end times. */
@Timeout(10)
class RunLoopTest {
    private static final long S = 1_000_000_000L;

    static final class Clock implements Ticker {
        long now = 5 * S;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += Math.max(0, nanos);
        }
    }

    /** Sends 100 requests a second of fake time; done when its quota is spent (and not before start). */
    static final class FakeRunner implements LoadRunner {
        final Clock clock;
        long started = -1;
        long lastTake;
        long issuedSoFar;
        long quota;
        boolean stopped;
        long stoppedAt = -1;

        FakeRunner(Clock clock) {
            this.clock = clock;
        }

        long issuedBy(long t) {
            return started < 0 ? 0 : Math.min(quota, (t - started) * 100 / S);
        }

        @Override
        public void requestLog(org.siegegrid.core.load.RequestLog log) {
        }

        @Override
        public void start(LocalShare share) {
            started = clock.now;
            lastTake = clock.now;
            quota = share.quota();
        }

        @Override
        public boolean isDone() {
            return stopped || issuedBy(clock.now) >= quota;
        }

        @Override
        public boolean awaitDone(Duration timeout) {
            long end = clock.now + timeout.toNanos();
            if (!stopped && quota != LocalShare.UNLIMITED) {
                long doneAt = started + (quota * S + 99) / 100;
                if (doneAt <= end) {
                    clock.now = Math.max(clock.now, doneAt);
                    return true;
                }
            }
            clock.now = end;
            return isDone();
        }

        @Override
        public IntervalStats takeInterval() {
            long t = stopped ? Math.min(clock.now, stoppedAt) : clock.now;
            long issued = issuedBy(t);
            long n = issued - issuedSoFar;
            issuedSoFar = issued;
            IntervalStats s = new IntervalStats(lastTake, clock.now, n,
                    new Counters(n, n, n, 0, n * 100, Map.of()), Histograms.newHistogram(), Histograms.newHistogram());
            lastTake = clock.now;
            return s;
        }

        @Override
        public void stop() {
            if (!stopped) {
                stopped = true;
                stoppedAt = clock.now;
            }
        }

        @Override
        public Counters totals() {
            return Counters.ZERO;
        }

        @Override
        public void retune(LocalShare share) {
        }

        @Override
        public void updatePlan(LoadPlan plan) {
        }

        @Override
        public void pause() {
        }

        @Override
        public void resume() {
        }

        @Override
        public void close() {
        }
    }

    private final Clock clock = new Clock();
    private final FakeRunner runner = new FakeRunner(clock);
    private final List<IntervalStats> intervals = new ArrayList<>();

    private long sum() {
        return intervals.stream().mapToLong(i -> i.counters().issued()).sum();
    }

    @Test
    void endsExactlyAtTheTimeLimitWithOneIntervalPerSecondPlusTheLast() throws Exception {
        RunLoop.Outcome o = new RunLoop(clock, StopSignal.NEVER, intervals::add)
                .run(runner, LocalShare.whole(0, 0, LocalShare.UNLIMITED), Duration.ofSeconds(10));
        assertThat(o.end()).isEqualTo(RunLoop.End.TIME);
        assertThat(o.elapsedNanos()).isEqualTo(10 * S);
        assertThat(runner.stopped).isTrue();
        assertThat(runner.stoppedAt - runner.started).isEqualTo(10 * S);
        assertThat(intervals).hasSize(11);              // 10 ticks (the 10th at the deadline) + the final one
        assertThat(sum()).isEqualTo(1000);              // intervals add up to the run
        // one interval per second of the run, each exactly a second long with that second's requests
        for (IntervalStats i : intervals.subList(0, 10)) {
            assertThat(i.endNanos() - i.startNanos()).isEqualTo(S);
            assertThat(i.counters().issued()).isEqualTo(100);
        }
        assertThat(intervals.get(10).counters().issued()).isZero();
        assertThat(clock.now - runner.started).isLessThanOrEqualTo(10 * S + RunLoop.TIME_GRACE.toNanos());
    }

    @Test
    void endsWhenTheBudgetIsSpentAndElapsedIsTheRealEnd() throws Exception {
        RunLoop.Outcome o = new RunLoop(clock, StopSignal.NEVER, intervals::add)
                .run(runner, LocalShare.whole(10, 10, 250), null);
        assertThat(o.end()).isEqualTo(RunLoop.End.DONE);
        assertThat(o.elapsedNanos()).isEqualTo(2_500_000_000L);
        assertThat(sum()).isEqualTo(250);
    }

    @Test
    void aStopRequestEndsTheRunAtTheNextCheck() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<IntervalStats> seen = new ArrayList<>();
        RunLoop loop = new RunLoop(clock, stop::get, s -> {
            seen.add(s);
            if (seen.size() == 3) {
                stop.set(true);
            }
        });
        RunLoop.Outcome o = loop.run(runner, LocalShare.whole(0, 0, LocalShare.UNLIMITED), Duration.ofMinutes(5));
        assertThat(o.end()).isEqualTo(RunLoop.End.INTERRUPTED);
        assertThat(o.elapsedNanos()).isEqualTo(3 * S);
        assertThat(runner.stopped).isTrue();
        assertThat(seen.stream().mapToLong(i -> i.counters().issued()).sum()).isEqualTo(300);
    }
}
