package org.siegegrid.core.node;

import java.time.Duration;

import org.siegegrid.core.load.Engine;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.load.NativeEngine;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.IntervalStats;

/** A real engine whose runners never get more than {@code max} connections: a node that cannot keep up. */
final class ConnectionLimitedEngine implements Engine {
    private final NativeEngine engine = new NativeEngine(1);
    private final int max;

    ConnectionLimitedEngine(int max) {
        this.max = max;
    }

    @Override
    public LoadRunner newRunner(LoadPlan plan) {
        LoadRunner r = engine.newRunner(plan);
        return new LoadRunner() {
            private LocalShare clamp(LocalShare s) {
                return new LocalShare(s.rateFraction(), s.users(), Math.min(max, s.concurrency()), s.quota());
            }

            @Override public void start(LocalShare share) { r.start(clamp(share)); }
            @Override public void requestLog(org.siegegrid.core.load.RequestLog log) { r.requestLog(log); }
            @Override public void retune(LocalShare share) { r.retune(clamp(share)); }
            @Override public void updatePlan(LoadPlan p) { r.updatePlan(p); }
            @Override public void pause() { r.pause(); }
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
