package org.siegegrid.web.api;

import java.net.InetSocketAddress;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import org.siegegrid.core.node.ApiAccess;
import org.siegegrid.core.node.SiegeNode;

/**
 * The REST API of one node on Undertow (API-CONTRACT.md). It can listen before its node has
 * joined (calls then answer 503), so {@code serve} learns its real port first:
 * {@code try (ApiServer api = new ApiServer("127.0.0.1", 0, token).start()) { api.attach(node); ... }}.
 * Closing waits up to two seconds for calls in flight, then stops listening.
 */
public final class ApiServer implements AutoCloseable {
    /** Largest request body: 1 MiB; larger ones get 413. */
    public static final long MAX_BODY = 1L << 20;
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final String bind;
    private final int requestedPort;
    private final ApiContext ctx;
    private GracefulShutdownHandler graceful;
    private Undertow undertow;
    private int port = -1;

    /** @param token bearer token for mutating calls; null or empty = none */
    public ApiServer(String bind, int port, String token) {
        this(bind, port, token, ApiAccess.DEFAULT);
    }

    /** @param access which calls need the token ({@code api.auth}) and what a reader without it sees */
    public ApiServer(String bind, int port, String token, ApiAccess access) {
        this.bind = bind;
        this.requestedPort = port;
        this.ctx = new ApiContext(new BearerAuth(token), access, MAX_BODY);
    }

    /** Starts listening; throws (Undertow's RuntimeException) when the address cannot be bound. */
    public synchronized ApiServer start() {
        if (undertow != null) {
            throw new IllegalStateException("already started");
        }
        graceful = Handlers.gracefulShutdown(ApiRoutes.build(ctx));
        Undertow u = Undertow.builder()
                .addHttpListener(requestedPort, bind)
                .setIoThreads(2)
                .setWorkerThreads(16)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .setHandler(graceful)
                .build();
        try {
            u.start();
        } catch (RuntimeException e) {
            u.stop();
            ctx.streams().close();
            ctx.metrics().close();
            throw e;
        }
        undertow = u;
        port = ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
        return this;
    }

    /** Hands the node to the handlers (once). */
    public ApiServer attach(SiegeNode node) {
        ctx.attach(node);
        return this;
    }

    /** The live streams of this server, for tests. */
    StreamHub streams() {
        return ctx.streams();
    }

    /** The bound port (the real one when started with port 0). */
    public synchronized int port() {
        if (undertow == null) {
            throw new IllegalStateException("not started");
        }
        return port;
    }

    /** {@code http://HOST:PORT/} with the bind address; a wildcard bind gives {@code advertised} instead. */
    public String url(String advertised) {
        return urlAt(isWildcard(bind) ? advertised : bind);
    }

    /** {@code http://HOST:PORT/} with this host (a public address), IPv6 in brackets. */
    public String urlAt(String host) {
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port() + "/";
    }

    public String url() {
        return url("127.0.0.1");
    }

    public boolean tokenRequired() {
        return ctx.auth().enabled();
    }

    static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]") || address.equals("*");
    }

    @Override
    public synchronized void close() {
        if (undertow == null) {
            return;
        }
        ctx.streams().close();   // open streams never end by themselves: close them before waiting for calls
        graceful.shutdown();
        try {
            graceful.awaitShutdown(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undertow.stop();
        undertow = null;
        ctx.metrics().close();
    }
}
