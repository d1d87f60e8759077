package org.siegegrid.core.node;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.siegegrid.core.load.Engine;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.load.NativeEngine;
import org.siegegrid.core.load.RequestLog;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.IntervalStats;

/** A real engine whose runners throw from {@code pause()} on the calls numbered in {@code failingPauses} (1-based). */
final class FaultyEngine implements Engine {
    private final NativeEngine engine = new NativeEngine(1);
    private final java.util.Set<Integer> failingPauses;
    final AtomicInteger pauses = new AtomicInteger();
    final AtomicInteger thrown = new AtomicInteger();

    FaultyEngine(Integer... failingPauses) {
        this.failingPauses = java.util.Set.of(failingPauses);
    }

    @Override
    public LoadRunner newRunner(LoadPlan plan) {
        return newRunner(plan, Duration.ZERO);
    }

    @Override
    public LoadRunner newRunner(LoadPlan plan, Duration elapsed) {
        LoadRunner r = engine.newRunner(plan, elapsed);
        return new LoadRunner() {
            @Override public void start(LocalShare share) { r.start(share); }
            @Override public void requestLog(RequestLog log) { r.requestLog(log); }
            @Override public void retune(LocalShare share) { r.retune(share); }
            @Override public void updatePlan(LoadPlan p) { r.updatePlan(p); }

            @Override
            public void pause() {
                if (failingPauses.contains(pauses.incrementAndGet())) {
                    thrown.incrementAndGet();
                    throw new IllegalStateException("injected: pause failed");
                }
                r.pause();
            }

            @Override public void resume() { r.resume(); }
            @Override public void stop() { r.stop(); }
            @Override public boolean isDone() { return r.isDone(); }
            @Override public boolean awaitDone(Duration timeout) throws InterruptedException { return r.awaitDone(timeout); }
            @Override public Counters totals() { return r.totals(); }
            @Override public IntervalStats takeInterval() { return r.takeInterval(); }
            @Override public void close() { r.close(); }
        };
    }

    @Override
    public void close() {
        engine.close();
    }
}
