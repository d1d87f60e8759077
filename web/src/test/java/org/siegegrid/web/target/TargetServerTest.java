package org.siegegrid.web.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TargetServerTest {
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<TargetServer> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(TargetServer::close);
    }

    private TargetServer start(TargetOptions options) {
        TargetServer s = new TargetServer(options).start();
        servers.add(s);
        return s;
    }

    private HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, p)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /", "GET /a/b?c=d", "POST /form", "PUT /x", "DELETE /y", "PATCH /z", "OPTIONS /"})
    void answersEveryPathAndMethodWithTheBodySize(String line) throws Exception {
        TargetServer s = start(TargetOptions.defaults().withBodySize(321));
        String[] mp = line.split(" ");
        HttpResponse<String> r = send(mp[0], "http://127.0.0.1:" + s.port() + mp[1],
                mp[0].startsWith("P") ? "x".repeat(5000) : null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).hasSize(321);
        assertThat(s.requests()).isEqualTo(1);
    }

    @Test
    void ephemeralPortsAreRealAndDistinct() {
        TargetServer a = start(TargetOptions.defaults());
        TargetServer b = start(TargetOptions.defaults());
        assertThat(a.port()).isPositive().isNotEqualTo(b.port());
        assertThat(a.url()).isEqualTo("http://127.0.0.1:" + a.port() + "/");
    }

    @Test
    void aTakenPortFailsToStart() {
        TargetServer a = start(TargetOptions.defaults());
        TargetServer b = new TargetServer(TargetOptions.defaults().withPort(a.port()));
        assertThatThrownBy(b::start).isInstanceOf(RuntimeException.class);
        b.close();
    }

    @Test
    void statsCountsEverythingButItself() throws Exception {
        TargetServer s = start(TargetOptions.defaults());
        for (int i = 0; i < 25; i++) {
            send("GET", s.url() + "n" + i, null);
        }
        HttpResponse<String> st = send("GET", s.url() + "__stats", null);
        assertThat(st.statusCode()).isEqualTo(200);
        assertThat(st.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(st.body()).startsWith("{\"requests\": 25,");
        assertThat(s.requests()).isEqualTo(25);
        // once the first second is over, perSecond accounts for every request
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(
                () -> s.stats().perSecond().stream().mapToLong(Long::longValue).sum() == 25);
        assertThat(send("DELETE", s.url() + "__stats", null).statusCode()).isEqualTo(204);
        assertThat(s.stats()).isEqualTo(TargetStats.EMPTY);
        assertThat(send("POST", s.url() + "__stats", "x").statusCode()).isEqualTo(405);
    }

    @Test
    void latencyDelaysEveryAnswer() throws Exception {
        TargetServer s = start(TargetOptions.defaults().withLatency(Latency.parse("40ms-60ms")));
        send("GET", s.url(), null);                          // warm the connection
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            assertThat(send("GET", s.url(), null).statusCode()).isEqualTo(200);
            ms.add((System.nanoTime() - t0) / 1_000_000);
        }
        System.out.println("latency 40ms-60ms, measured ms: " + ms);
        // never early; late only by scheduling noise (the median stays near the range)
        assertThat(ms).allSatisfy(m -> assertThat(m).isGreaterThanOrEqualTo(39L));
        List<Long> sorted = ms.stream().sorted().toList();
        assertThat(sorted.get(sorted.size() / 2)).isBetween(40L, 100L);
        assertThat(sorted.get(sorted.size() - 1)).isGreaterThanOrEqualTo(50);
    }

    @Test
    void latencyDoesNotSerializeConcurrentRequests() throws Exception {
        TargetServer s = start(TargetOptions.defaults().withLatency(Latency.parse("200ms")));
        long t0 = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(http.sendAsync(HttpRequest.newBuilder(URI.create(s.url())).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("50 concurrent requests at 200ms latency took " + ms + " ms");
        assertThat(ms).isLessThan(2000);
        assertThat(s.requests()).isEqualTo(50);
    }

    @Test
    void stallHoldsRequestsUntilItEnds() throws Exception {
        TargetServer s = start(TargetOptions.defaults().withStall(Stall.parse("300ms/1s")));
        send("GET", s.url(), null);
        List<CompletableFuture<Long>> lat = new ArrayList<>();
        long end = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            lat.add(http.sendAsync(HttpRequest.newBuilder(URI.create(s.url())).build(),
                    HttpResponse.BodyHandlers.discarding()).thenApply(r -> (System.nanoTime() - t0) / 1_000_000));
            Thread.sleep(10);
        }
        List<Long> ms = new ArrayList<>();
        for (CompletableFuture<Long> f : lat) {
            ms.add(f.get(10, TimeUnit.SECONDS));
        }
        long max = ms.stream().mapToLong(Long::longValue).max().orElseThrow();
        // a request arriving in the first half of a 300 ms stall waits more than 150 ms: 15 % of them
        double held = ms.stream().filter(m -> m > 150).count() / (double) ms.size();
        System.out.printf("stall 300ms/1s: %d requests, max %d ms, %.0f%% held over 150 ms%n", ms.size(), max, held * 100);
        assertThat(max).isBetween(250L, 1500L);
        assertThat(held).isBetween(0.05, 0.40);
    }

    @Test
    void errorRateAnswers500ForThatFraction() throws Exception {
        TargetServer s = start(TargetOptions.defaults().withErrorRate(0.2));
        int n = 1000;
        int errors = 0;
        for (int i = 0; i < n; i++) {
            if (send("GET", s.url(), null).statusCode() == 500) {
                errors++;
            }
        }
        System.out.println("error rate 0.2: " + errors + " of " + n + " answered 500");
        assertThat(errors).isBetween(140, 260);
        assertThat(s.stats().errors()).isEqualTo(errors);
        assertThat(s.requests()).isEqualTo(n);
    }
}
