package org.siegegrid.core.load;

import java.time.Duration;

/** A native engine on a {@link FakeTransport} and a {@link FakeTicker}: simulated time, exact counts. */
final class Sim {
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;

    final FakeTicker ticker = new FakeTicker();
    final FakeTransport net;
    final NativeEngine engine;

    Sim(int loops) {
        net = new FakeTransport(ticker, loops);
        engine = new NativeEngine(net, ticker);
    }

    LoadRunner runner(LoadPlan plan) {
        return engine.newRunner(plan);
    }

    LoadRunner runner(LoadPlan plan, Duration profileElapsed) {
        return engine.newRunner(plan, profileElapsed);
    }

    long now() {
        return ticker.nanoTime();
    }

    void advanceMillis(long ms) {
        net.advanceMillis(ms);
    }

    /** Runs until the runner is done; returns how long that took in simulated time. */
    long runToDone(LoadRunner r, Duration limit) {
        long t0 = now();
        return net.runUntil(r::isDone, limit) - t0;
    }
}
