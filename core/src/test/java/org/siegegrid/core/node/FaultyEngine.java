package org.siegegrid.core.node;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.siegegrid.core.load.Engine;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.NativeEngine;

/** A real engine whose runners throw from {@code pause()} on the calls numbered in {@code failingPauses} (1-based). */
final class FaultyEngine implements Engine {
    private final NativeEngine engine = new NativeEngine(1);
    private final Set<Integer> failingPauses;
    final AtomicInteger pauses = new AtomicInteger();
    final AtomicInteger thrown = new AtomicInteger();

    FaultyEngine(Integer... failingPauses) {
        this.failingPauses = Set.of(failingPauses);
    }

    @Override
    public LoadRunner newRunner(LoadPlan plan) {
        return newRunner(plan, Duration.ZERO);
    }

    @Override
    public LoadRunner newRunner(LoadPlan plan, Duration elapsed) {
        return new ForwardingRunner(engine.newRunner(plan, elapsed)) {
            @Override
            public void pause() {
                if (failingPauses.contains(pauses.incrementAndGet())) {
                    thrown.incrementAndGet();
                    throw new IllegalStateException("injected: pause failed");
                }
                r.pause();
            }
        };
    }

    @Override
    public void close() {
        engine.close();
    }
}
