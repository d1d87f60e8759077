package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint's happy path against two real nodes and the real sink; the node removal comes last. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ApiHappyPathTest {
    private static final String TOKEN = "t0ken-happy";

    @TempDir
    static Path reports;
    private ApiFixture f;

    @BeforeAll
    void start() {
        f = new ApiFixture(reports, TOKEN, 10_000, List.of("127.0.0.1"), "a", "b");
    }

    @AfterAll
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    @Order(1)
    void healthReadyClusterAndUi() {
        ApiFixture.Resp health = f.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").getAsString()).isEqualTo("UP");
        assertThat(health.json().get("node").getAsString()).isEqualTo("a");

        ApiFixture.Resp ready = f.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").getAsString()).isEqualTo("READY");
        assertThat(ready.json().getAsJsonObject("quorum").get("required").getAsInt()).isEqualTo(1);
        assertThat(ready.json().getAsJsonObject("quorum").get("present").getAsBoolean()).isTrue();

        JsonObject c = f.get("/api/v1/cluster").json();
        assertThat(c.get("name").getAsString()).isEqualTo(f.clusterName);
        assertThat(c.get("localNode").getAsString()).isEqualTo("a");
        assertThat(strings(c.getAsJsonArray("members"))).containsExactly("a", "b");
        assertThat(c.getAsJsonObject("quorum").get("present").getAsBoolean()).isTrue();
        assertThat(c.getAsJsonObject("quorum").get("limit").getAsString())
                .as("two nodes without a quorum: what that cannot protect against is said").startsWith("no quorum:");
        assertThat(c.get("sessions").getAsInt()).isZero();
        assertThat(c.get("running").getAsInt()).isZero();

        ApiFixture.Resp ui = f.get("/");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.header("Content-Type")).startsWith("text/html");
        assertThat(ui.body()).contains("<title>SiegeGrid</title>", "/ui/app.js");
        assertThat(ui.header("Content-Security-Policy")).contains("default-src 'self'");
    }

    @Test
    @Order(2)
    void sessionLifecycle() {
        long t0 = System.nanoTime();
        ApiFixture.Resp created = f.send("POST", "/api/v1/sessions",
                f.spec("\"name\":\"happy\",\"rps\":40,\"duration\":\"5m\",\"timeout\":\"5s\""));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonObject view = created.json();
        String id = view.get("id").getAsString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/sessions/" + id);
        assertThat(view.get("name").getAsString()).isEqualTo("happy");
        assertThat(view.get("state").getAsString()).isEqualTo("RUNNING");
        assertThat(view.get("version").getAsLong()).isEqualTo(1);
        assertThat(view.get("createdAt").getAsString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(view.get("endedAt").isJsonNull()).isTrue();
        assertThat(view.getAsJsonObject("spec").get("rps").getAsInt()).isEqualTo(40);
        assertThat(view.has("board")).isTrue();
        assertThat(view.has("summary")).isTrue();

        JsonArray list = f.get("/api/v1/sessions").json().getAsJsonArray("sessions");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).getAsJsonObject().get("id").getAsString()).isEqualTo(id);
        assertThat(list.get(0).getAsJsonObject().has("summary")).isFalse();

        // both nodes take a share, the summary counts what they sent
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonObject one = f.get("/api/v1/sessions/" + id).json();
            return one.getAsJsonObject("board").getAsJsonArray("nodes").size() == 2
                    && one.getAsJsonObject("summary").get("requests").getAsLong() > 40;
        });
        JsonObject one = f.get("/api/v1/sessions/" + id).json();
        JsonObject board = one.getAsJsonObject("board");
        double shares = 0;
        for (JsonElement n : board.getAsJsonArray("nodes")) {
            JsonObject e = n.getAsJsonObject();
            assertThat(e.keySet()).contains("id", "shareRps", "users", "concurrency", "achievedRps", "issued", "done",
                    "failed", "leaseExpiresAt", "drained");
            shares += e.get("shareRps").getAsDouble();
        }
        assertThat(shares).isCloseTo(40, org.assertj.core.data.Offset.offset(0.05));
        JsonObject summary = one.getAsJsonObject("summary");
        assertThat(summary.keySet()).containsExactlyInAnyOrder("targetRps", "achievedRps", "requests", "errors", "p99Ms");
        assertThat(summary.get("errors").getAsLong()).isZero();

        ApiFixture.Resp patched = f.send("PATCH", "/api/v1/sessions/" + id, "{\"rps\": 60}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("version").getAsLong()).isEqualTo(2);
        assertThat(patched.json().getAsJsonObject("spec").get("rps").getAsInt()).isEqualTo(60);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                f.get("/api/v1/sessions/" + id).json().getAsJsonObject("board").get("targetRps").getAsDouble() == 60);

        ApiFixture.Resp stats = f.get("/api/v1/sessions/" + id + "/stats");
        assertThat(stats.status()).isEqualTo(200);
        assertThat(stats.json().get("id").getAsString()).isEqualTo(id);
        assertThat(stats.json().get("state").getAsString()).isEqualTo("RUNNING");
        assertThat(stats.json().keySet()).contains("transactions", "latency_ms", "errors", "target_rps", "achieved_rps",
                "nodes", "series");

        // metrics: the session's counters as Prometheus sees them
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(f.get("/metrics").body(),
                "siegegrid_session_requests_total", id) > 0);
        ApiFixture.Resp metrics = f.get("/metrics");
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        String m = metrics.body();
        double requests = metric(m, "siegegrid_session_requests_total", id);
        assertThat(m).contains("siegegrid_session_failures_total{kind=\"refused\",name=\"happy\",session=\"" + id + "\"}");
        assertThat(metric(m, "siegegrid_session_target_rps", id)).isEqualTo(60);
        assertThat(m).contains("siegegrid_session_latency_seconds{name=\"happy\",quantile=\"0.99\",session=\"" + id
                + "\",type=\"corrected\"}");
        assertThat(m).contains("siegegrid_session_latency_seconds{name=\"happy\",quantile=\"0.99\",session=\"" + id
                + "\",type=\"generator_lag\"}");
        assertThat(m).contains("siegegrid_node_share_rps{node=\"a\",session=\"" + id + "\"}",
                "siegegrid_node_share_rps{node=\"b\",session=\"" + id + "\"}", "siegegrid_node_cap_rps{node=\"b\"}",
                "jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "system_cpu_count",
                "siegegrid_cluster_members 2.0", "siegegrid_sessions{state=\"RUNNING\"} 1.0");

        ApiFixture.Resp notYet = f.get("/api/v1/sessions/" + id + "/report");
        assertThat(notYet.status()).isEqualTo(409);
        assertThat(notYet.error().get("code").getAsString()).isEqualTo("conflict");

        ApiFixture.Resp stopped = f.send("POST", "/api/v1/sessions/" + id + "/stop", null);
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.json().get("state").getAsString()).isIn("STOPPING", "FINISHED");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                f.get("/api/v1/sessions/" + id).json().get("state").getAsString().equals("FINISHED"));

        ApiFixture.Resp report = f.get("/api/v1/sessions/" + id + "/report");
        assertThat(report.status()).isEqualTo(200);
        JsonObject r = report.json();
        long transactions = r.get("transactions").getAsLong();
        assertThat(transactions).isGreaterThan(40);
        assertThat(r.getAsJsonArray("nodes")).hasSize(2);
        assertThat(requests).isLessThanOrEqualTo(transactions);
        ApiFixture.Resp siege = f.get("/api/v1/sessions/" + id + "/report?format=siege");
        assertThat(siege.status()).isEqualTo(200);
        assertThat(siege.header("Content-Type")).startsWith("text/plain");
        assertThat(siege.body()).contains("Transactions:", "Availability:", "Target rate:");
        ApiFixture.Resp html = f.get("/api/v1/sessions/" + id + "/report?format=html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.header("Content-Type")).startsWith("text/html");
        assertThat(html.body()).startsWith("<!doctype html>").contains("<h2>Summary</h2>", "Transactions", "<svg", "<polyline")
                .doesNotContain("<script");
        System.out.printf("session %s: %d transactions (sink received %d), %.1f s%n", id, transactions,
                f.sink.requests(), (System.nanoTime() - t0) / 1e9);
        assertThat(f.sink.requests()).isGreaterThanOrEqualTo(transactions);

        ApiFixture.Resp deleted = f.send("DELETE", "/api/v1/sessions/" + id, null);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(f.get("/api/v1/sessions/" + id).status()).isEqualTo(404);
        assertThat(f.get("/api/v1/sessions").json().getAsJsonArray("sessions")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> !f.get("/metrics").body().contains("session=\"" + id + "\""));
    }

    @Test
    @Order(3)
    void closedModelWithBudgetEndsByItself() {
        ApiFixture.Resp created = f.send("POST", "/api/v1/sessions",
                f.spec("\"users\":3,\"benchmark\":true,\"requests\":30"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").getAsString();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                f.get("/api/v1/sessions/" + id).json().get("state").getAsString().equals("FINISHED"));
        JsonObject r = f.get("/api/v1/sessions/" + id + "/report").json();
        assertThat(r.get("transactions").getAsLong()).isEqualTo(30);
        assertThat(r.get("target_rps").isJsonNull()).isTrue();
        assertThat(f.send("DELETE", "/api/v1/sessions/" + id, null).status()).isEqualTo(204);
    }

    @Test
    @Order(3)
    void aWarmUpIsSentByEveryNodeAndReportedApart() {
        long before = f.sink.requests();
        ApiFixture.Resp created = f.send("POST", "/api/v1/sessions",
                f.spec("\"rps\":60,\"duration\":\"4s\",\"warmup\":\"2s\""));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").getAsString();
        assertThat(created.json().getAsJsonObject("spec").get("warmup").getAsString()).isEqualTo("2s");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                f.get("/api/v1/sessions/" + id).json().get("state").getAsString().equals("FINISHED"));
        JsonObject r = f.get("/api/v1/sessions/" + id + "/report").json();
        JsonObject warm = r.getAsJsonObject("warmup");
        long measured = r.get("issued_requests").getAsLong();
        long warmed = warm.get("requests").getAsLong();
        long sink = f.sink.requests() - before;
        System.out.printf("two nodes, 60 rps x 4 s with a 2 s warm-up: warm-up %d, measured %d, sink %d%n", warmed,
                measured, sink);
        assertThat(warm.get("seconds").getAsLong()).isEqualTo(2);
        assertThat(warmed + measured).as("nothing lost between the two").isEqualTo(sink);
        assertThat(warmed).isBetween(100L, 140L);
        assertThat(measured).isBetween(100L, 140L);
        assertThat(r.get("elapsed_time").getAsDouble()).isBetween(1.5, 2.6);
        assertThat(f.get("/api/v1/sessions/" + id + "/report?format=siege").body()).contains("Warm-up (apart):");
        assertThat(metric(f.get("/metrics").body(), "siegegrid_session_warmup_requests_total", id)).isEqualTo(warmed);
        assertThat(f.send("DELETE", "/api/v1/sessions/" + id, null).status()).isEqualTo(204);
    }

    @Test
    @Order(4)
    void nodes() {
        JsonArray nodes = f.get("/api/v1/nodes").json().getAsJsonArray("nodes");
        assertThat(nodes).hasSize(2);
        JsonObject a = nodes.get(0).getAsJsonObject();
        assertThat(a.keySet()).contains("id", "name", "addresses", "apiUrl", "state", "capacityRps", "cores", "version", "live");
        assertThat(a.get("id").getAsString()).isEqualTo("a");
        assertThat(a.get("apiUrl").getAsString()).isEqualTo(f.api.url());
        assertThat(a.get("live").getAsBoolean()).isTrue();
        assertThat(a.get("state").getAsString()).isEqualTo("ACTIVE");

        JsonObject b = f.get("/api/v1/nodes/b").json();
        assertThat(b.get("id").getAsString()).isEqualTo("b");
        assertThat(b.get("apiUrl").isJsonNull()).isTrue();
        assertThat(b.get("cores").getAsInt()).isPositive();

        ApiFixture.Resp drained = f.send("POST", "/api/v1/nodes/b/drain", null);
        assertThat(drained.status()).as(drained.body()).isEqualTo(200);
        assertThat(drained.json().get("state").getAsString()).isEqualTo("DRAINED");
        assertThat(f.get("/api/v1/nodes/b").json().get("state").getAsString()).isEqualTo("DRAINED");
        ApiFixture.Resp active = f.send("POST", "/api/v1/nodes/b/activate", null);
        assertThat(active.status()).isEqualTo(200);
        assertThat(active.json().get("state").getAsString()).isEqualTo("ACTIVE");

        ApiFixture.Resp capped = f.send("PATCH", "/api/v1/nodes/b", "{\"capacityRps\": 4000}");
        assertThat(capped.status()).as(capped.body()).isEqualTo(200);
        assertThat(capped.json().get("capacityRps").getAsDouble()).isEqualTo(4000);
        assertThat(f.first().node("b").orElseThrow().capRps()).isEqualTo(4000);
        ApiFixture.Resp auto = f.send("PATCH", "/api/v1/nodes/b", "{\"capacityRps\": 0}");
        assertThat(auto.json().get("capacityRps").getAsDouble()).isZero();
    }

    @Test
    @Order(5)
    void removingANodeMakesItLeave() {
        CountDownLatch left = new CountDownLatch(1);
        f.nodes.get("b").onLeave(n -> left.countDown());
        ApiFixture.Resp r = f.send("DELETE", "/api/v1/nodes/b", null);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("id").getAsString()).isEqualTo("b");
        assertThat(r.json().get("leaving").getAsBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> left.getCount() == 0);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                strings(f.get("/api/v1/cluster").json().getAsJsonArray("members")).equals(List.of("a")));
        await().atMost(Duration.ofSeconds(10)).until(() -> f.get("/api/v1/nodes/b").status() == 404);
        assertThat(f.get("/health").status()).isEqualTo(200);
    }

    private static List<String> strings(JsonArray a) {
        return a.asList().stream().map(JsonElement::getAsString).toList();
    }

    /** The value of a session's sample in Prometheus text, or -1. */
    static double metric(String text, String name, String session) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*session=\"" + session + "\"[^}]*} (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
