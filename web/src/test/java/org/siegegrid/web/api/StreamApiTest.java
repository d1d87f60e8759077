package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The SSE streams over real HTTP against two real nodes and the sink. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StreamApiTest {
    @TempDir
    static Path reports;
    private ApiFixture f;
    private final List<SseClient> clients = new ArrayList<>();

    @BeforeAll
    void start() {
        f = new ApiFixture(reports, "t0ken-stream", 10_000, List.of("127.0.0.1"), "a", "b");
    }

    @AfterEach
    void closeClients() throws IOException {
        for (SseClient c : clients) {
            c.close();
        }
        clients.clear();
        await().atMost(Duration.ofSeconds(15)).until(() -> f.api.streams().subscribers() == 0);
    }

    @AfterAll
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private SseClient open(String path, boolean stalled) throws IOException {
        return open(path, stalled, null);
    }

    private SseClient open(String path, boolean stalled, String lastEventId) throws IOException {
        SseClient c = new SseClient(f.api.port(), path, stalled, null, lastEventId);
        clients.add(c);
        return c;
    }

    @Test
    void theStreamStartsWithRetryAndAReconnectWithLastEventIdResumesWithHigherIds() throws IOException {
        SseClient c = open("/api/v1/cluster/stream", false);
        await().atMost(Duration.ofSeconds(15)).until(() -> c.of("cluster").size() >= 3);
        assertThat(c.lines.get(0)).as("the first line of the stream").isEqualTo("retry:" + StreamHandler.RETRY_MILLIS);
        // the format: retry, a blank line, then each frame as its id, its event name and one line of data, then a blank line
        assertThat(c.lines.get(1)).isEmpty();
        for (int at = 2; at + 3 < c.lines.size() && at < 14; at += 4) {
            assertThat(c.lines.get(at)).matches("id:\\d+");
            assertThat(c.lines.get(at + 1)).isEqualTo("event:cluster");
            assertThat(c.lines.get(at + 2)).startsWith("data:{\"seq\":" + c.lines.get(at).substring(3) + ",");
            assertThat(c.lines.get(at + 3)).isEmpty();
        }
        assertThat(c.events).allMatch(e -> e.event().equals("cluster"));
        List<Long> ids = c.of("cluster").stream().map(e -> Long.parseLong(e.id())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        for (SseClient.Event e : c.of("cluster")) {
            assertThat(e.json().get("seq").getAsLong()).as("seq is the id").isEqualTo(Long.parseLong(e.id()));
        }
        long lastSeen = ids.get(ids.size() - 1);
        long frames = c.of("cluster").size();

        // a break while another client keeps the topic: the frames kept since are replayed at once
        SseClient keeper = open("/api/v1/cluster/stream", false);
        c.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> keeper.of("cluster").size() >= 3);
        SseClient back = open("/api/v1/cluster/stream", false, Long.toString(lastSeen));
        await().atMost(Duration.ofSeconds(10)).until(() -> back.of("cluster").size() >= 2);
        List<Long> resumed = back.of("cluster").stream().map(e -> Long.parseLong(e.id())).toList();
        assertThat(resumed.get(0)).as("resumes after the id it last got").isGreaterThan(lastSeen);
        assertThat(resumed).isSorted().doesNotHaveDuplicates();
        List<Long> keptIds = keeper.of("cluster").stream().map(e -> Long.parseLong(e.id())).toList();
        assertThat(keptIds).as("the frames it missed are the ones the other client got").containsAll(
                resumed.stream().filter(id -> id <= keptIds.get(keptIds.size() - 1)).toList());
        System.out.println("reconnect: last id " + lastSeen + " after " + frames + " frames; resumed " + resumed);

        // a reconnect once nobody watched (the topic was forgotten): ids keep growing, the current frame comes
        back.close();
        keeper.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> f.api.streams().topics().isEmpty());
        long newest = Math.max(resumed.get(resumed.size() - 1), keptIds.get(keptIds.size() - 1));
        SseClient again = open("/api/v1/cluster/stream", false, Long.toString(newest));
        await().atMost(Duration.ofSeconds(10)).until(() -> !again.of("cluster").isEmpty());
        assertThat(Long.parseLong(again.of("cluster").get(0).id())).isGreaterThan(newest);
    }

    @Test
    void severalSubscribersGetTheSameFramesOnceASecondComputedOnce() throws IOException {
        List<SseClient> cs = List.of(open("/api/v1/cluster/stream", false), open("/api/v1/cluster/stream", false),
                open("/api/v1/cluster/stream", false));
        await().atMost(Duration.ofSeconds(20)).until(() -> cs.stream().allMatch(c -> c.of("cluster").size() >= 5));
        SseClient a = cs.get(0);
        assertThat(a.status).startsWith("HTTP/1.0 200");
        assertThat(a.headers).anyMatch(h -> h.toLowerCase().startsWith("content-type: text/event-stream"));
        // three frames more on each client cost three computations, not nine
        long c0 = f.api.streams().computed("cluster");
        int n0 = a.of("cluster").size();
        await().atMost(Duration.ofSeconds(10)).until(() -> cs.stream().allMatch(c -> c.of("cluster").size() >= n0 + 3));
        long c1 = f.api.streams().computed("cluster");
        assertThat(c1 - c0).as("computations while 3 clients got 3 frames each").isBetween(2L, 4L);
        long computed = c1;
        // every client saw the same frames (same id, same data); they may have joined a tick apart
        String lastId = a.of("cluster").get(4).id();
        for (SseClient c : cs) {
            SseClient.Event same = c.of("cluster").stream().filter(e -> e.id().equals(lastId)).findFirst().orElseThrow();
            assertThat(same.data()).isEqualTo(a.of("cluster").get(4).data());
        }
        assertThat(computed).as("one computation a second for all three clients").isLessThanOrEqualTo(
                Long.parseLong(a.of("cluster").get(a.of("cluster").size() - 1).id()) + 1);
        List<SseClient.Event> ev = a.of("cluster");
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < ev.size(); i++) {
            gaps.add((ev.get(i).arrivedNanos() - ev.get(i - 1).arrivedNanos()) / 1_000_000);
        }
        System.out.println("cluster stream: frame gaps ms " + gaps + ", computed " + computed + " for 3 clients");
        assertThat(gaps).allSatisfy(g -> assertThat(g).isBetween(500L, 1_600L));
        JsonObject frame = ev.get(ev.size() - 1).json();
        assertThat(frame.getAsJsonObject("cluster").getAsJsonObject("quorum").get("present").getAsBoolean()).isTrue();
        assertThat(frame.getAsJsonArray("nodes")).hasSize(2);
        JsonObject node = frame.getAsJsonArray("nodes").get(0).getAsJsonObject();
        assertThat(node.keySet()).contains("id", "state", "capacityRps", "cores", "shares", "ceilings", "achieved", "live",
                "process");
        assertPlausibleProcess(node.getAsJsonObject("process"), frame.get("at").getAsString());
    }

    /** A node's process figures: CPU load in 0..1 (null only when the JVM cannot tell), heap used within its max. */
    static void assertPlausibleProcess(JsonObject p, String notAfter) {
        assertThat(p).as("process").isNotNull();
        if (!p.get("cpuLoad").isJsonNull()) {
            assertThat(p.get("cpuLoad").getAsDouble()).isBetween(0.0, 1.0);
        }
        long used = p.get("heapUsedBytes").getAsLong();
        long max = p.get("heapMaxBytes").getAsLong();
        assertThat(used).isPositive().isLessThanOrEqualTo(max);
        long jvmMax = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        if (jvmMax > 0) {
            assertThat(max).as("this JVM's heap max, to the MiB").isLessThanOrEqualTo(jvmMax + (1 << 20));
        }
        assertThat(p.get("atMillis").getAsLong()).isPositive();
        assertThat(java.time.Instant.parse(p.get("at").getAsString())).isBeforeOrEqualTo(java.time.Instant.parse(notAfter));
    }

    @Test
    void aSessionStreamShowsRatesNodesAndShareChanges() throws IOException {
        ApiFixture.Resp created = f.send("POST", "/api/v1/sessions", f.spec("\"name\":\"streamed\",\"rps\":40,\"duration\":\"5m\""));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").getAsString();
        try {
            SseClient c = open("/api/v1/sessions/" + id + "/stream", false);
            await().atMost(Duration.ofSeconds(30)).until(() -> c.of("session").stream()
                    .anyMatch(e -> !e.json().get("achievedRps").isJsonNull() && e.json().get("achievedRps").getAsDouble() > 20
                            && e.json().getAsJsonArray("nodes").size() == 2));
            JsonObject last = c.of("session").get(c.of("session").size() - 1).json();
            assertThat(last.get("state").getAsString()).isEqualTo("RUNNING");
            assertThat(last.get("targetRps").getAsDouble()).isEqualTo(40);
            assertThat(last.get("remainingS").getAsDouble()).isBetween(200.0, 300.0);
            assertThat(last.getAsJsonObject("latency").getAsJsonObject("corrected").get("p99Ms").isJsonNull()).isFalse();
            assertThat(last.getAsJsonObject("latency").getAsJsonObject("service").keySet()).contains("p50Ms", "p90Ms", "p99Ms");

            int seen = c.events.size();
            assertThat(f.send("POST", "/api/v1/nodes/b/drain", null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> c.events.stream().skip(seen)
                    .anyMatch(e -> e.json().has("events") && e.json().getAsJsonArray("events").toString().contains("\"kind\":\"share\"")));
            // the drain from the session's event log, once, with its detail (and before/after for older clients)
            await().atMost(Duration.ofSeconds(10)).until(() -> logged(c, "drained").size() == 1);
            JsonObject drained = logged(c, "drained").get(0);
            assertThat(drained.get("node").getAsString()).isEqualTo("b");
            assertThat(drained.get("detail").getAsString()).startsWith("ACTIVE -> DRAINED");
            assertThat(drained.get("before").getAsString()).isEqualTo("ACTIVE");
            assertThat(drained.get("seq").getAsLong()).isPositive();
            assertThat(drained.get("atMillis").getAsLong()).isPositive();
            assertThat(f.get("/api/v1/sessions/" + id + "/events").body()).contains("\"seq\":" + drained.get("seq").getAsLong()
                    + ",\"at\":" + drained.get("at").toString());
            assertThat(f.send("PATCH", "/api/v1/sessions/" + id, "{\"rps\": 30}").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> c.events.stream().skip(seen)
                    .anyMatch(e -> e.json().has("events") && e.json().getAsJsonArray("events").toString().contains("\"kind\":\"updated\"")));

            assertThat(f.send("POST", "/api/v1/sessions/" + id + "/stop", null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> c.of("session").stream()
                    .anyMatch(e -> e.json().get("state").getAsString().equals("FINISHED")));
            assertThat(f.send("DELETE", "/api/v1/sessions/" + id, null).status()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(10)).until(() -> c.ended && !c.of("gone").isEmpty());
            assertThat(c.of("gone").get(0).json().get("state").getAsString()).isEqualTo("DELETED");
        } finally {
            f.send("POST", "/api/v1/nodes/b/activate", null);
            f.send("POST", "/api/v1/sessions/" + id + "/stop", null);
        }
    }

    /** The events of a kind the session frames carried from the log (they have a seq). */
    private static List<JsonObject> logged(SseClient c, String kind) {
        List<JsonObject> out = new ArrayList<>();
        for (SseClient.Event e : c.of("session")) {
            for (var x : e.json().getAsJsonArray("events")) {
                JsonObject o = x.getAsJsonObject();
                if (o.has("seq") && o.get("kind").getAsString().equals(kind)) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    @Test
    void aStalledSubscriberDoesNotSlowTheOthers() throws IOException {
        for (int i = 0; i < 3; i++) {
            open("/api/v1/cluster/stream", true);
        }
        SseClient good = open("/api/v1/cluster/stream", false);
        await().atMost(Duration.ofSeconds(20)).until(() -> good.of("cluster").size() >= 6);
        List<SseClient.Event> ev = good.of("cluster");
        for (int i = 1; i < ev.size(); i++) {
            assertThat((ev.get(i).arrivedNanos() - ev.get(i - 1).arrivedNanos()) / 1_000_000).isBetween(500L, 1_600L);
        }
        assertThat(f.api.streams().subscribers()).isEqualTo(4);
    }

    @Test
    void closingAClientCleansUpAndAnUnknownSessionIs404() throws IOException {
        SseClient c = open("/api/v1/cluster/stream", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> !c.of("cluster").isEmpty());
        assertThat(f.api.streams().topics()).containsExactly("cluster");
        c.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> f.api.streams().subscribers() == 0);
        assertThat(f.api.streams().topics()).isEmpty();

        ApiFixture.Resp missing = f.get("/api/v1/sessions/nope/stream");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error().get("code").getAsString()).isEqualTo("not_found");
        assertThat(f.call("POST", "/api/v1/cluster/stream", null, null, null).status()).isEqualTo(405);
    }
}
