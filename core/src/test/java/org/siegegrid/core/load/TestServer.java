package org.siegegrid.core.load;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

/**
 * A small Undertow server on 127.0.0.1 with an ephemeral port for engine tests: counts requests
 * (in total and per whole second since start), answers a fixed body, optionally with a latency or
 * with periodic stalls; paths starting with /404 or /503 answer that status.
 */
public final class TestServer implements AutoCloseable {
    private final Undertow server;
    private final int port;
    private final long startNanos = System.nanoTime();
    private final AtomicLong requests = new AtomicLong();
    private final Map<Long, AtomicLong> perSecond = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> perPath = new ConcurrentHashMap<>();
    private final ByteBuffer body;
    private volatile long latencyMs;
    private volatile long stallMs;
    private volatile long stallEveryMs;

    private TestServer(int bodySize, SSLContext tls) {
        byte[] b = new byte[bodySize];
        java.util.Arrays.fill(b, (byte) 'x');
        body = ByteBuffer.allocateDirect(bodySize).put(b).flip();
        Undertow.Builder builder = Undertow.builder().setIoThreads(1).setWorkerThreads(2).setHandler(this::handle);
        if (tls == null) {
            builder.addHttpListener(0, "127.0.0.1");
        } else {
            builder.addHttpsListener(0, "127.0.0.1", tls);
        }
        server = builder.build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    public static TestServer http(int bodySize) {
        return new TestServer(bodySize, null);
    }

    public static TestServer https(int bodySize, SSLContext tls) {
        return new TestServer(bodySize, tls);
    }

    public TestServer latency(long ms) {
        latencyMs = ms;
        return this;
    }

    /** Stall for {@code ms} at the start of every {@code everyMs} window since the server started. */
    public TestServer stall(long ms, long everyMs) {
        stallMs = ms;
        stallEveryMs = everyMs;
        return this;
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public long requests() {
        return requests.get();
    }

    /** Requests counted in whole second {@code s} since the server started. */
    public long inSecond(long s) {
        AtomicLong n = perSecond.get(s);
        return n == null ? 0 : n.get();
    }

    /** Requests received for {@code path}. */
    public long onPath(String path) {
        AtomicLong n = perPath.get(path);
        return n == null ? 0 : n.get();
    }

    public long elapsedMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private void handle(HttpServerExchange ex) {
        long ms = elapsedMs();
        requests.incrementAndGet();
        perSecond.computeIfAbsent(ms / 1000, k -> new AtomicLong()).incrementAndGet();
        perPath.computeIfAbsent(ex.getRequestPath(), k -> new AtomicLong()).incrementAndGet();
        long delay = latencyMs;
        if (stallEveryMs > 0) {
            long into = ms % stallEveryMs;
            if (into < stallMs) {
                delay = Math.max(delay, stallMs - into);
            }
        }
        long wait = delay;
        if (wait <= 0) {
            respond(ex);
        } else {
            ex.dispatch(SameThreadExecutor.INSTANCE,
                    () -> ex.getIoThread().executeAfter(() -> respond(ex), wait, TimeUnit.MILLISECONDS));
        }
    }

    private void respond(HttpServerExchange ex) {
        String path = ex.getRequestPath();
        if (path.startsWith("/404")) {
            ex.setStatusCode(404);
        } else if (path.startsWith("/503")) {
            ex.setStatusCode(503);
        }
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        ex.getResponseSender().send(body.duplicate());
    }

    @Override
    public void close() {
        server.stop();
    }
}
