package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server without a cluster against clients that send too little, too slowly or too much:
 * refusals that the headers decide come at once without the body, and what is left open is cut off
 * by the limits ({@link ApiLimits}, small ones here so each test takes a second or two). HEAD too,
 * on a one-node fixture so that every GET it mirrors answers 200 with a real node, session and report.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiHostileClientTest {
    private static final String TOKEN = "t0ken-hostile";
    /** Small limits: 4 KiB bodies, 6 KiB in flight, the body in 1 s, headers in 1 s, idle 1 s, 8 connections. */
    private static final ApiLimits SMALL = new ApiLimits(4_096, 6_144, Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30), 8);

    private final List<Socket> sockets = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ApiServer api;

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (api != null) {
            api.close();
        }
    }

    private ApiServer start(ApiLimits limits) {
        api = new ApiServer("127.0.0.1", 0, TOKEN, limits).start();
        return api;
    }

    private Socket connect() throws IOException {
        URI u = URI.create(api.url());
        Socket s = new Socket();
        sockets.add(s);
        s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 5_000);
        s.setSoTimeout(5_000);
        return s;
    }

    /** Sends a request head (no body) and returns the socket. */
    private Socket head(String method, String path, String... headers) throws IOException {
        Socket s = connect();
        StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        s.getOutputStream().write(b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** Everything the server sends until it closes the connection (bounded by the socket's timeout). */
    private static String untilClosed(Socket s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        int n;
        try {
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open; got so far: " + out.toString(StandardCharsets.ISO_8859_1), e);
        } catch (IOException e) {
            // reset after the answer: closed too
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no token", "wrong token", "too large", "not JSON", "too large without a token"})
    void refusedFromTheHeadersAtOnceWithoutTheBodyAndTheConnectionCloses(String what) throws IOException {
        start(ApiLimits.DEFAULT);
        String auth = "Authorization: Bearer " + TOKEN;
        List<String> headers = new ArrayList<>(List.of("Content-Type: application/json", "Content-Length: 200"));
        String status = switch (what) {
            case "no token" -> "401";
            case "wrong token" -> {
                headers.add("Authorization: Bearer nope");
                yield "401";
            }
            case "too large" -> {
                headers.set(1, "Content-Length: " + (ApiServer.MAX_BODY + 1));
                headers.add(auth);
                yield "413";
            }
            case "not JSON" -> {
                headers.set(0, "Content-Type: text/plain");
                headers.add(auth);
                yield "415";
            }
            default -> {
                headers.set(1, "Content-Length: " + (ApiServer.MAX_BODY + 1));
                yield "401";
            }
        };
        long t0 = System.nanoTime();
        Socket s = head("POST", "/api/v1/sessions", headers.toArray(String[]::new));
        String answer = untilClosed(s);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("%s: %s in %d ms, then closed%n", what, answer.lines().findFirst().orElse(""), millis);
        assertThat(answer).startsWith("HTTP/1.1 " + status);
        assertThat(answer).contains("Connection: close");
        assertThat(millis).as("answered without waiting for the body").isLessThan(3_000);
    }

    @Test
    void aBodyThatDoesNotArriveInTimeIs408AndClosedAndItsBudgetComesBack() throws IOException {
        start(SMALL);
        long t0 = System.nanoTime();
        Socket s = head("POST", "/api/v1/sessions", "Content-Type: application/json", "Content-Length: 4000",
                "Authorization: Bearer " + TOKEN);
        s.getOutputStream().write('{');
        // the first holds 4,000 of the 6,144 bytes in flight (once the server has read its head: two sockets are
        // two IO threads, so the second's head could come first); a second of 4,096 finds no room
        await().atMost(Duration.ofSeconds(5)).until(() -> api.inFlightBodyBytes() == 4000);
        Socket second = head("POST", "/api/v1/sessions", "Content-Type: application/json", "Content-Length: 4096",
                "Authorization: Bearer " + TOKEN);
        String refused = untilClosed(second);
        assertThat(refused).startsWith("HTTP/1.1 503").contains("Retry-After: 1", "request bodies in flight");

        String answer = untilClosed(s);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("slow body: %s after %d ms%n", answer.lines().findFirst().orElse(""), millis);
        assertThat(answer).startsWith("HTTP/1.1 408").contains("request_timeout", "did not arrive within 1 s");
        assertThat(millis).isBetween(900L, 4_000L);
        await().atMost(Duration.ofSeconds(5)).until(() -> api.inFlightBodyBytes() == 0);
        // with the budget back, a body that comes at once goes through (503: no node here, after the body was read)
        String ok = call("POST", "/api/v1/sessions", "{}", "Bearer " + TOKEN).body();
        assertThat(ok).contains("the node is starting");
    }

    @Test
    void idleConnectionsAndSlowHeadersAreClosed() throws IOException {
        start(SMALL);
        Socket idle = connect();
        Socket slowHead = connect();
        slowHead.getOutputStream().write("GET /health HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
        long t0 = System.nanoTime();
        assertThat(untilClosed(idle)).isEmpty();
        assertThat(untilClosed(slowHead)).isEmpty();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("idle and slow-header connections closed after %d ms%n", millis);
        assertThat(millis).isLessThan(4_000);
    }

    /** With the defaults: a fresh connection that sends nothing and a kept-alive one after its answer. */
    @Test
    void withTheDefaultsIdleConnectionsCloseAfterTenSeconds() throws IOException {
        start(ApiLimits.DEFAULT);
        Socket fresh = connect();
        Socket kept = head("GET", "/metrics");
        long t0 = System.nanoTime();
        assertThat(readHead(kept)).startsWith("HTTP/1.1 200");
        fresh.setSoTimeout(20_000);
        kept.setSoTimeout(20_000);
        untilClosed(fresh);
        long freshMillis = (System.nanoTime() - t0) / 1_000_000;
        untilClosed(kept);
        long keptMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("defaults: an idle fresh connection closed after %d ms, a kept-alive one after %d ms%n",
                freshMillis, keptMillis);
        assertThat(freshMillis).isBetween(9_000L, 13_000L);
        assertThat(keptMillis).isBetween(9_000L, 13_000L);
    }

    /** XNIO counts per IO thread (two here), each stopping at its share of the bound: at most 4 in all. */
    @Test
    void pastTheConnectionBoundNewConnectionsWaitUntilOthersClose() throws Exception {
        start(new ApiLimits(4_096, 8_192, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(30), Duration.ofSeconds(30), 4));
        List<Socket> answered = new ArrayList<>();
        List<Socket> waiting = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Socket s = head("GET", "/metrics");
            s.setSoTimeout(700);
            (readHeadOrNull(s) == null ? waiting : answered).add(s);
        }
        System.out.printf("bound 4: %d of 8 connections answered at once%n", answered.size());
        assertThat(answered).hasSizeBetween(1, 4);
        for (Socket s : answered) {
            s.close();
        }
        for (Socket s : waiting) {   // each is accepted once others close
            s.setSoTimeout(5_000);
            assertThat(readHead(s)).startsWith("HTTP/1.1 200");
            s.close();
        }
    }

    @Test
    void headIsAnsweredWhereverGetIsWithTheSameHeadersAndNoBody(@TempDir Path reports) throws Exception {
        try (ApiFixture f = new ApiFixture(reports, TOKEN, 10_000, List.of("127.0.0.1"), "a")) {
            ApiFixture.Resp created = f.send("POST", "/api/v1/sessions", f.spec("\"rps\":5,\"requests\":1"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().get("id").getAsString();
            // ended and reported: its views no longer move between a GET and a HEAD
            await().atMost(Duration.ofSeconds(20)).until(() -> f.get("/api/v1/sessions/" + id + "/report").status() == 200);
            await().atMost(Duration.ofSeconds(10)).until(() -> f.get("/api/v1/sessions/" + id + "/events").body()
                    .contains("\"kind\":\"ended\""));
            for (String path : List.of("/", "/health", "/health/ready", "/metrics", "/api/v1/cluster", "/api/v1/nodes",
                    "/api/v1/nodes/a", "/api/v1/sessions", "/api/v1/sessions/" + id, "/api/v1/sessions/" + id + "/stats",
                    "/api/v1/sessions/" + id + "/report", "/api/v1/sessions/" + id + "/events", "/api/v1/sessions/x",
                    "/api/v1/sessions/x/events")) {
                HttpResponse<String> get = http.send(req(f.api, "GET", path).build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> head = http.send(req(f.api, "HEAD", path).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(get.statusCode()).as(path + ": " + get.body()).isEqualTo(path.contains("/sessions/x") ? 404 : 200);
                assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode());
                assertThat(head.body()).as(path).isEmpty();
                assertThat(head.headers().firstValue("Content-Type")).as(path).isEqualTo(get.headers().firstValue("Content-Type"));
                if (!path.equals("/metrics")) {   // the metrics' values move between the two calls
                    assertThat(head.headers().firstValue("Content-Length")).as(path)
                            .hasValue(String.valueOf(get.body().getBytes(StandardCharsets.UTF_8).length));
                }
            }
            HttpResponse<String> wrong = http.send(req(f.api, "DELETE", "/health").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(405);
            assertThat(wrong.headers().firstValue("Allow")).hasValue("GET, HEAD");
            HttpResponse<String> headOnPost = http.send(req(f.api, "HEAD", "/api/v1/sessions/" + id + "/stop").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(headOnPost.statusCode()).isEqualTo(405);
            assertThat(headOnPost.headers().firstValue("Allow")).hasValue("POST");
        }
    }

    private HttpRequest.Builder req(String method, String path) {
        return req(api, method, path);
    }

    private static HttpRequest.Builder req(ApiServer server, String method, String path) {
        return HttpRequest.newBuilder(URI.create(server.url().replaceAll("/$", "") + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
    }

    private HttpResponse<String> call(String method, String path, String json, String auth) {
        try {
            return http.send(req(method, path).method(method, HttpRequest.BodyPublishers.ofString(json))
                    .header("Content-Type", "application/json").header("Authorization", auth).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status line and headers of one answer (its body, if any, stays unread). */
    private static String readHead(Socket s) throws IOException {
        String h = readHeadOrNull(s);
        assertThat(h).as("an answer").isNotNull();
        return h;
    }

    private static String readHeadOrNull(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder b = new StringBuilder();
        try {
            while (!b.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                b.append((char) c);
            }
        } catch (SocketTimeoutException e) {
            return b.length() == 0 ? null : b.toString();
        }
        return b.toString();
    }
}
