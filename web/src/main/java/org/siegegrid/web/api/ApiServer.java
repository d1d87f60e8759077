package org.siegegrid.web.api;

import java.net.InetSocketAddress;

import javax.net.ssl.SSLContext;

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
 * Closing waits up to two seconds for calls in flight, then stops listening. With an
 * {@link SSLContext} ({@link ApiTls}) it serves HTTPS instead of HTTP on the same port.
 */
public final class ApiServer implements AutoCloseable {
    /** Largest request body: 1 MiB; larger ones get 413. */
    public static final long MAX_BODY = ApiLimits.DEFAULT.maxBody();
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final String bind;
    private final int requestedPort;
    private final ApiContext ctx;
    private final SSLContext tls;
    private GracefulShutdownHandler graceful;
    private Undertow undertow;
    private int port = -1;

    /** @param token bearer token for mutating calls; null or empty = none */
    public ApiServer(String bind, int port, String token) {
        this(bind, port, token, ApiAccess.DEFAULT, null);
    }

    /** Plain HTTP with these access rules. */
    public ApiServer(String bind, int port, String token, ApiAccess access) {
        this(bind, port, token, access, null);
    }

    /** HTTPS ({@code tls}; null = plain HTTP) with the default access rules. */
    public ApiServer(String bind, int port, String token, SSLContext tls) {
        this(bind, port, token, ApiAccess.DEFAULT, tls);
    }

    /**
     * @param token  bearer token for mutating calls; null or empty = none
     * @param access which calls need the token ({@code api.auth}) and what a reader without it sees
     * @param tls    the server context of HTTPS; null = plain HTTP
     */
    public ApiServer(String bind, int port, String token, ApiAccess access, SSLContext tls) {
        this(bind, port, token, access, tls, ApiLimits.DEFAULT);
    }

    /** With other limits than the defaults (tests). */
    ApiServer(String bind, int port, String token, ApiLimits limits) {
        this(bind, port, token, ApiAccess.DEFAULT, null, limits);
    }

    private ApiServer(String bind, int port, String token, ApiAccess access, SSLContext tls, ApiLimits limits) {
        this.bind = bind;
        this.requestedPort = port;
        this.ctx = new ApiContext(new BearerAuth(token), access, limits);
        this.tls = tls;
    }

    /** Starts listening; throws (Undertow's RuntimeException) when the address cannot be bound. */
    public synchronized ApiServer start() {
        if (undertow != null) {
            throw new IllegalStateException("already started");
        }
        graceful = Handlers.gracefulShutdown(ApiRoutes.build(ctx));
        Undertow.Builder builder = Undertow.builder();
        if (tls == null) {
            builder.addHttpListener(requestedPort, bind);
        } else {
            builder.addHttpsListener(requestedPort, bind, tls);
        }
        builder
                .setIoThreads(2)
                .setWorkerThreads(16)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .setHandler(graceful);
        Undertow u = ctx.apiLimits().applyTo(builder).build();
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

    /** {@code http(s)://HOST:PORT/} with the bind address; a wildcard bind gives {@code advertised} instead. */
    public String url(String advertised) {
        return urlAt(isWildcard(bind) ? advertised : bind);
    }

    /** {@code http(s)://HOST:PORT/} with this host (a public address), IPv6 in brackets. */
    public String urlAt(String host) {
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return (tls == null ? "http://" : "https://") + host + ":" + port() + "/";
    }

    public String url() {
        return url("127.0.0.1");
    }

    /** Bytes of request bodies being received or handled now (tests). */
    long inFlightBodyBytes() {
        return ctx.bodies().inFlight();
    }

    /** Whether it serves HTTPS. */
    public boolean tls() {
        return tls != null;
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
