package org.siegegrid.core.load;

import java.time.Duration;

import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.IntervalStats;

/**
 * One session's load on this node. Control methods are thread-safe and return at once; the
 * engine's own threads do the sending. A failed request is a counted result, never an exception.
 */
public interface LoadRunner extends AutoCloseable {

    /** Begins sending with this share. The open-model schedule is anchored now. */
    void start(LocalShare share);

    /** Every request's outcome from now on goes to {@code log} too (null: none, the default). */
    void requestLog(RequestLog log);

    /** Applies a new share at once: the schedule re-anchors at this instant, with no catch-up burst. */
    void retune(LocalShare share);

    /** Replaces the plan (targets, rate profile, users...) of a running session, then re-anchors. */
    void updatePlan(LoadPlan plan);

    /** Fence: no new request starts after this returns; in-flight ones finish. */
    void pause();

    /** Ends a pause; the schedule goes on as it was and never sends what it "missed". */
    void resume();

    /**
     * No request starts once the runner's ticker has passed {@code deadlineNanos} (a lease), until a
     * later deadline is given, even if nobody has called {@link #pause()} yet: the backstop for a
     * fence that has not run (a process waking from a freeze finds its lease long gone, and its I/O
     * loops may run before the thread that would pause them). {@link Long#MAX_VALUE}: no deadline.
     */
    default void sendUntil(long deadlineNanos) {
    }

    /** No new requests from now on; in-flight ones complete or time out. */
    void stop();

    /** True once the runner stopped itself at the plan's failures bound (siege's {@code failures}). */
    default boolean abortedByFailures() {
        return false;
    }

    /** True when stopped (or the quota is spent, or the plan's own end is reached) and nothing is in flight. */
    boolean isDone();

    /** Waits until {@link #isDone()} or the timeout; true if done. */
    boolean awaitDone(Duration timeout) throws InterruptedException;

    /** Counters since start. */
    Counters totals();

    /** Counters and histograms since the previous call (or start); intervals add up to the run. */
    IntervalStats takeInterval();

    /** Stops and releases connections. */
    @Override
    void close();
}
