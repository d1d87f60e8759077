package org.siegegrid.web.target;

import java.net.InetSocketAddress;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import org.siegegrid.core.load.Ticker;
import org.xnio.Options;

/**
 * The built-in HTTP sink ({@code siegegrid target}), usable in-process by tests:
 * {@code try (TargetServer t = new TargetServer(opts).start()) { ... t.port() ... t.stats() }}.
 */
public final class TargetServer implements AutoCloseable {
    private final TargetOptions options;
    private final Ticker ticker;
    private final SecondCounter counter;
    private final LiveFaults faults;
    private Undertow undertow;
    private int port = -1;

    public TargetServer(TargetOptions options) {
        this(options, Ticker.SYSTEM);
    }

    public TargetServer(TargetOptions options, Ticker ticker) {
        this.options = options;
        this.ticker = ticker;
        this.counter = new SecondCounter(ticker);
        this.faults = new LiveFaults(options.faults(), ticker);
    }

    /** Binds and starts answering; throws if the address cannot be bound. */
    public synchronized TargetServer start() {
        if (undertow != null) {
            throw new IllegalStateException("already started");
        }
        int io = options.ioThreadsOrDefault();
        Undertow u = Undertow.builder()
                .addHttpListener(options.port(), options.bind())
                .setIoThreads(io)
                .setWorkerThreads(2)
                .setSocketOption(Options.BACKLOG, 16_384)
                .setSocketOption(Options.REUSE_ADDRESSES, true)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .setHandler(new SinkHandler(options, counter, faults, ticker, ticker.nanoTime()))
                .build();
        u.start();
        undertow = u;
        port = ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
        return this;
    }

    /** The bound port (the real one when started with port 0). */
    public synchronized int port() {
        if (undertow == null) {
            throw new IllegalStateException("not started");
        }
        return port;
    }

    /** {@code http://HOST:PORT/} as a client would reach it. */
    public String url() {
        String host = options.bind();
        if ("0.0.0.0".equals(host) || "::".equals(host)) {
            host = "127.0.0.1";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port() + "/";
    }

    public TargetOptions options() {
        return options;
    }

    /** Requests received so far (not counting {@code /__stats}). */
    public long requests() {
        return counter.total();
    }

    /** Total, errors and the per-second counts, as {@code GET /__stats} shows them. */
    public TargetStats stats() {
        return counter.snapshot();
    }

    /** The faults in force now, changed while it runs as {@code PUT /__faults} does. */
    public LiveFaults faults() {
        return faults;
    }

    /** Forgets all counts, like {@code DELETE /__stats}. */
    public void reset() {
        counter.reset();
    }

    /** Stops listening and closes connections; safe to call twice. */
    @Override
    public synchronized void close() {
        if (undertow != null) {
            undertow.stop();
            undertow = null;
        }
    }
}
