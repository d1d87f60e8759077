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
 * with periodic stalls; paths starting with /404 or /503 answer that status. For siege's HTTP
 * behaviour: {@code /redirect/S/N} answers status S to {@code /redirect/S/N-1} ({@code /redirect/S/0}
 * to {@code /end}; odd N with an absolute Location), {@code /loop} redirects to itself,
 * {@code /setcookie?n=v} sets cookie n=v, {@code /delcookie?n} deletes it (Max-Age=0), and every
 * request's Cookie, Authorization, Accept-Encoding and method are kept per path.
 */
public final class TestServer implements AutoCloseable {
    private final Undertow server;
    private final int port;
    private final long startNanos = System.nanoTime();
    private final AtomicLong requests = new AtomicLong();
    private final Map<Long, AtomicLong> perSecond = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> perPath = new ConcurrentHashMap<>();
    private final Map<String, java.util.List<String>> seen = new ConcurrentHashMap<>();
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

    /** What requests to {@code path} carried as {@code header} (or "method"), in order; "-" where absent. */
    public java.util.List<String> seen(String path, String header) {
        java.util.List<String> l = seen.get(header.toLowerCase(java.util.Locale.ROOT) + " " + path);
        return l == null ? java.util.List.of() : java.util.List.copyOf(l);
    }

    private void keep(String path, String key, String value) {
        seen.computeIfAbsent(key + " " + path, k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()))
                .add(value == null ? "-" : value);
    }

    public long elapsedMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private void handle(HttpServerExchange ex) {
        long ms = elapsedMs();
        requests.incrementAndGet();
        perSecond.computeIfAbsent(ms / 1000, k -> new AtomicLong()).incrementAndGet();
        String p = ex.getRequestPath();
        perPath.computeIfAbsent(p, k -> new AtomicLong()).incrementAndGet();
        keep(p, "cookie", ex.getRequestHeaders().getFirst(Headers.COOKIE));
        keep(p, "authorization", ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
        keep(p, "accept-encoding", ex.getRequestHeaders().getFirst(Headers.ACCEPT_ENCODING));
        keep(p, "method", ex.getRequestMethod().toString());
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
        if (path.startsWith("/redirect/")) {
            String[] parts = path.split("/");
            int status = Integer.parseInt(parts[2]);
            int n = Integer.parseInt(parts[3]);
            String to = n == 0 ? "/end" : "/redirect/" + status + "/" + (n - 1);
            ex.setStatusCode(status);
            ex.getResponseHeaders().put(Headers.LOCATION, n % 2 == 1 ? url(to) : to);
            ex.getResponseSender().send("moved");
            return;
        }
        if (path.equals("/loop")) {
            ex.setStatusCode(302);
            ex.getResponseHeaders().put(Headers.LOCATION, "/loop");
            ex.endExchange();
            return;
        }
        if (path.equals("/setcookie") || path.equals("/delcookie")) {
            String q = ex.getQueryString();
            int eq = q.indexOf('=');
            String name = eq < 0 ? q : q.substring(0, eq);
            ex.getResponseHeaders().add(Headers.SET_COOKIE, path.equals("/setcookie")
                    ? name + "=" + q.substring(eq + 1) + "; Path=/" : name + "=; Max-Age=0; Path=/");
        }
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
