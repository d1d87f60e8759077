package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siegegrid.core.node.SiegeNode;

/**
 * GET /api/v1/sessions/{id}/events against three real nodes (quorum 2) and the sink: a drain, a rate
 * update, a node killed, the quorum lost (the API's node left alone) and regained (a fourth node joins),
 * the end — in that order in the log, with non-decreasing cluster times, each naming its node.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiEventsTest {

    @Test
    void aDrainAnUpdateAKillAQuorumLossAndTheEndAreLoggedInOrder(@TempDir Path reports) {
        try (ApiFixture f = new ApiFixture(reports, "", 10_000, List.of("127.0.0.1"), 2, "a", "b", "c")) {
            assertThat(f.get("/api/v1/sessions/nope/events").status()).isEqualTo(404);
            ApiFixture.Resp created = f.send("POST", "/api/v1/sessions", f.spec("\"name\":\"evented\",\"rps\":30,\"duration\":\"2m\""));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().get("id").getAsString();
            String events = "/api/v1/sessions/" + id + "/events";
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kinds(f, events)).containsAll(List.of("created a", "started", "joined a", "joined b", "joined c")));

            assertThat(f.send("POST", "/api/v1/nodes/c/drain", null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kinds(f, events)).contains("drained c"));
            assertThat(f.send("PATCH", "/api/v1/sessions/" + id, "{\"rps\":24}").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kinds(f, events)).contains("updated a"));

            awaitSafe(f);
            terminate(f, "b");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kinds(f, events)).contains("died b"));

            awaitSafe(f);
            terminate(f, "c");   // a alone: 1 of the 2 members the quorum needs
            await().atMost(Duration.ofSeconds(20)).until(() -> f.get("/health/ready").status() == 503);
            assertThat(f.get(events).status()).as("without quorum the log cannot be read either").isEqualTo(503);
            SiegeNode d = f.add("d");   // back to 2: the quorum returns
            await().atMost(Duration.ofSeconds(30)).until(() -> f.get("/health/ready").status() == 200);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kinds(f, events)).containsAll(List.of("quorum-lost a", "quorum-regained a", "died c")));

            assertThat(f.send("POST", "/api/v1/sessions/" + id + "/stop", null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kinds(f, events)).contains("ended a"));
            assertThat(d.nodeId()).isEqualTo("d");

            List<JsonObject> log = list(f, events);
            System.out.println("events of " + id + ":");
            log.forEach(e -> System.out.println("  " + e));
            List<String> kinds = log.stream().map(ApiEventsTest::kind).toList();
            assertThat(kinds).containsSubsequence("created a", "drained c", "updated a", "died b", "quorum-lost a",
                    "quorum-regained a", "stopped a", "ended a");
            long prev = Long.MIN_VALUE;
            for (JsonObject e : log) {
                long at = e.get("atMillis").getAsLong();
                assertThat(at).as("non-decreasing cluster times: " + e).isGreaterThanOrEqualTo(prev);
                assertThat(java.time.Instant.parse(e.get("at").getAsString()).toEpochMilli()).isEqualTo(at);
                prev = at;
            }
            for (String k : List.of("drained", "updated", "died", "quorum-lost", "ended")) {
                JsonObject e = log.stream().filter(x -> x.get("kind").getAsString().equals(k)).findFirst().orElseThrow();
                assertThat(e.get("node").isJsonNull()).as(k + " names its node").isFalse();
                assertThat(e.get("detail").getAsString()).as(k).isNotBlank();
            }
            JsonObject updated = log.stream().filter(x -> kind(x).equals("updated a")).findFirst().orElseThrow();
            assertThat(updated.get("detail").getAsString()).isEqualTo("rps: 30 -> 24");
            JsonObject lost = log.stream().filter(x -> kind(x).equals("quorum-lost a")).findFirst().orElseThrow();
            assertThat(lost.get("detail").getAsString()).startsWith("counted 1 of the 2 members");
            assertThat(log.stream().filter(x -> kind(x).equals("died c")).count()).isEqualTo(1);
            assertThat(log.stream().filter(x -> x.get("kind").getAsString().equals("left")).toList())
                    .as("nobody left gracefully").isEmpty();

            // since: only what came after
            long cut = updated.get("atMillis").getAsLong();
            List<JsonObject> after = list(f, events + "?since=" + cut);
            assertThat(after).isNotEmpty().allMatch(e -> e.get("atMillis").getAsLong() > cut);
            assertThat(after.stream().map(ApiEventsTest::kind)).contains("died b").doesNotContain("drained c");
            assertThat(f.get(events + "?since=soon").status()).isEqualTo(400);

            // the node JSON carries its process figures
            for (JsonElement n : f.get("/api/v1/nodes").json().getAsJsonArray("nodes")) {
                JsonObject node = n.getAsJsonObject();
                if (node.get("live").getAsBoolean()) {
                    StreamApiTest.assertPlausibleProcess(node.getAsJsonObject("process"), java.time.Instant.now().plusSeconds(60).toString());
                }
            }
        }
    }

    private static void terminate(ApiFixture f, String id) {
        f.nodes.get(id).grid().hazelcast().getLifecycleService().terminate();
    }

    /** Waits until no partition is being migrated: a second kill then loses no map entry. */
    private static void awaitSafe(ApiFixture f) {
        await().atMost(Duration.ofSeconds(30)).until(() -> f.nodes.values().stream()
                .map(n -> n.grid().hazelcast()).filter(h -> h.getLifecycleService().isRunning())
                .allMatch(ApiEventsTest::safe));
    }

    private static boolean safe(HazelcastInstance h) {
        return h.getPartitionService().isClusterSafe();
    }

    private static String kind(JsonObject e) {
        return e.get("kind").getAsString() + (e.get("node").isJsonNull() ? "" : " " + e.get("node").getAsString());
    }

    private static List<String> kinds(ApiFixture f, String path) {
        ApiFixture.Resp r = f.get(path);
        return r.status() == 200 ? list(f, path).stream().map(ApiEventsTest::kind).toList() : List.of();
    }

    private static List<JsonObject> list(ApiFixture f, String path) {
        ApiFixture.Resp r = f.get(path);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        List<JsonObject> out = new ArrayList<>();
        r.json().getAsJsonArray("events").forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }
}
