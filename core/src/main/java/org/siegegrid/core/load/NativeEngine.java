package org.siegegrid.core.load;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.siegegrid.core.load.http.NettyTransport;

/**
 * SiegeGrid's own load engine: one per node. It owns the I/O loops (one per core by default);
 * every runner it makes paces and sends inside those loops.
 */
public final class NativeEngine implements Engine {
    private final HttpTransport transport;
    private final Ticker ticker;
    private final AtomicInteger runners = new AtomicInteger();

    /** One I/O loop per available core. */
    public NativeEngine() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** {@code ioThreads} I/O loops; warmed up before it returns (see {@link #warmUp()}). */
    public NativeEngine(int ioThreads) {
        this(new NettyTransport(ioThreads), Ticker.SYSTEM);
        warmUp();
    }

    public NativeEngine(HttpTransport transport, Ticker ticker) {
        this.transport = transport;
        this.ticker = ticker;
    }

    /**
     * Sends a few requests through every loop to a throwaway server inside this process (loopback
     * only), so a fresh JVM's first real requests are not late by class loading (~0.3 s here).
     */
    public NativeEngine warmUp() {
        Warmup.run(this, transport.loopCount());
        return this;
    }

    public int ioThreads() {
        return transport.loopCount();
    }

    @Override
    public LoadRunner newRunner(LoadPlan plan) {
        return newRunner(plan, Duration.ZERO);
    }

    @Override
    public LoadRunner newRunner(LoadPlan plan, Duration profileElapsed) {
        return new NativeRunner(transport, ticker, runners.getAndIncrement(), plan, profileElapsed);
    }

    @Override
    public void close() {
        transport.close();
    }
}
