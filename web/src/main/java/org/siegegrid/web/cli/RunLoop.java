package org.siegegrid.web.cli;

import java.time.Duration;
import java.util.function.Consumer;

import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.IntervalStats;

/**
 * Drives one runner on this machine: start, take an interval every second (for the progress
 * line and the report), stop on the time limit, on the runner's own end (budget spent) or on a
 * stop request, then collect the last interval. Time comes from the injected {@link Ticker}.
 */
final class RunLoop {
    /** Why the run ended. */
    enum End { TIME, DONE, INTERRUPTED }

    /**
     * How it went.
     *
     * @param end          why it ended
     * @param elapsedNanos from start to the moment sending stopped (siege's elapsed time)
     */
    record Outcome(End end, long elapsedNanos) {
    }

    static final long SECOND = 1_000_000_000L;
    /** After the time limit, how long in-flight requests may still finish (siege abandons them). */
    static final Duration TIME_GRACE = Duration.ofMillis(50);
    /** After Ctrl-C, how long in-flight requests may still finish. */
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);
    /** How often a stop request (Ctrl-C) is looked for; the deadline and the runner's end wake it at once. */
    private static final long POLL = 50_000_000L;

    private final Ticker ticker;
    private final StopSignal stop;
    private final Consumer<IntervalStats> sink;

    RunLoop(Ticker ticker, StopSignal stop, Consumer<IntervalStats> sink) {
        this.ticker = ticker;
        this.stop = stop;
        this.sink = sink;
    }

    /**
     * Runs until the end; {@code duration} null = no time limit. Between checks it waits in
     * {@link LoadRunner#awaitDone}, so the end of a budget is seen at once and its elapsed time is exact.
     */
    Outcome run(LoadRunner runner, LocalShare share, Duration duration)
            throws InterruptedException {
        long start = ticker.nanoTime();
        long deadline = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        long nextTick = start + SECOND;
        runner.start(share);
        End end;
        while (true) {
            long now = ticker.nanoTime();
            if (now >= nextTick) {
                sink.accept(runner.takeInterval());
                nextTick += SECOND * Math.max(1, (now - nextTick) / SECOND + 1);
            }
            if (now >= deadline) {
                end = End.TIME;
                break;
            }
            if (stop.requested()) {
                end = End.INTERRUPTED;
                break;
            }
            long wake = Math.min(Math.min(deadline, nextTick), now + POLL);
            if (runner.awaitDone(Duration.ofNanos(Math.max(0, wake - now)))) {
                end = End.DONE;
                break;
            }
        }
        long stopped = Math.min(ticker.nanoTime(), deadline);
        runner.stop();
        if (end == End.DONE) {
            stopped = ticker.nanoTime();
        } else {
            runner.awaitDone(end == End.TIME ? TIME_GRACE : INTERRUPT_GRACE);
        }
        sink.accept(runner.takeInterval());
        return new Outcome(end, stopped - start);
    }
}
