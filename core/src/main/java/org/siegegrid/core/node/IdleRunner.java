package org.siegegrid.core.node;

import java.time.Duration;

import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.load.RequestLog;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.IntervalStats;

/** A session runner's engine runner before it starts: sends nothing, has sent nothing, is done. */
final class IdleRunner implements LoadRunner {
    static final IdleRunner INSTANCE = new IdleRunner();

    private IdleRunner() {
    }

    @Override public void start(LocalShare share) { throw new UnsupportedOperationException("idle"); }
    @Override public void requestLog(RequestLog log) { }
    @Override public void retune(LocalShare share) { }
    @Override public void updatePlan(LoadPlan plan) { }
    @Override public void pause() { }
    @Override public void resume() { }
    @Override public void stop() { }
    @Override public boolean isDone() { return true; }
    @Override public boolean awaitDone(Duration timeout) { return true; }
    @Override public Counters totals() { return Counters.ZERO; }
    @Override public IntervalStats takeInterval() { throw new UnsupportedOperationException("idle"); }
    @Override public void close() { }
}
