package org.siegegrid.core.node;

import java.time.Duration;

import org.siegegrid.core.load.Engine;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.load.NativeEngine;

/** A real engine whose runners never get more than {@code max} connections: a node that cannot keep up. */
final class ConnectionLimitedEngine implements Engine {
    private final NativeEngine engine = new NativeEngine(1);
    private final int max;

    ConnectionLimitedEngine(int max) {
        this.max = max;
    }

    @Override
    public LoadRunner newRunner(LoadPlan plan) {
        return newRunner(plan, Duration.ZERO);
    }

    @Override
    public LoadRunner newRunner(LoadPlan plan, Duration elapsed) {
        return new ForwardingRunner(engine.newRunner(plan, elapsed)) {
            private LocalShare clamp(LocalShare s) {
                return new LocalShare(s.rateFraction(), s.users(), Math.min(max, s.concurrency()), s.quota());
            }

            @Override public void start(LocalShare share) { r.start(clamp(share)); }
            @Override public void retune(LocalShare share) { r.retune(clamp(share)); }
        };
    }

    @Override
    public void close() {
        engine.close();
    }
}
