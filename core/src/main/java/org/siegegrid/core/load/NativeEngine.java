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

    public NativeEngine(int ioThreads) {
        this(new NettyTransport(ioThreads), Ticker.SYSTEM);
    }

    public NativeEngine(HttpTransport transport, Ticker ticker) {
        this.transport = transport;
        this.ticker = ticker;
    }

    public int ioThreads() {
        return transport.loopCount();
    }

    @Override
    public LoadRunner newRunner(LoadPlan plan) {
        return newRunner(plan, Duration.ZERO);
    }

    /**
     * A runner whose rate profile is already {@code profileElapsed} old at start (a node that
     * joins a running session with stages picks up the ramp where it is).
     */
    public LoadRunner newRunner(LoadPlan plan, Duration profileElapsed) {
        return new NativeRunner(transport, ticker, runners.getAndIncrement(), plan, profileElapsed);
    }

    @Override
    public void close() {
        transport.close();
    }
}
