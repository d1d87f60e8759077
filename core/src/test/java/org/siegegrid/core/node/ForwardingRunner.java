package org.siegegrid.core.node;

import java.time.Duration;

import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.load.RequestLog;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.IntervalStats;

/** A runner that hands every call to a real one: test engines override the calls they change. */
class ForwardingRunner implements LoadRunner {
    protected final LoadRunner r;

    ForwardingRunner(LoadRunner r) {
        this.r = r;
    }

    @Override public void start(LocalShare share) { r.start(share); }
    @Override public void requestLog(RequestLog log) { r.requestLog(log); }
    @Override public void retune(LocalShare share) { r.retune(share); }
    @Override public void updatePlan(LoadPlan p) { r.updatePlan(p); }
    @Override public void pause() { r.pause(); }
    @Override public void resume() { r.resume(); }
    @Override public void sendUntil(long deadlineNanos) { r.sendUntil(deadlineNanos); }
    @Override public void stop() { r.stop(); }
    @Override public boolean isDone() { return r.isDone(); }
    @Override public boolean awaitDone(Duration timeout) throws InterruptedException { return r.awaitDone(timeout); }
    @Override public Counters totals() { return r.totals(); }
    @Override public IntervalStats takeInterval() { return r.takeInterval(); }
    @Override public void close() { r.close(); }
}
