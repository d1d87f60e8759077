package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

/**
 * Seeded mutations of valid create and update bodies, sent to a real node: never a 5xx, always
 * either success or the contract's error body with the status its code means, and a healthy node
 * afterwards. Sessions a mutation leaves valid are stopped at once; the node allows only the sink's
 * host and 200 rps, and the bodies carry a small request budget, so a valid mutation sends little.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApiFuzzTest {
    private static final long SEED = 20_261_128L;
    private static final int CREATES = 1000;
    private static final int UPDATES = 1000;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(120);
    private static final Map<String, Integer> STATUS_OF = Map.of("invalid", 400, "unauthorized", 401,
            "not_found", 404, "method_not_allowed", 405, "conflict", 409, "payload_too_large", 413,
            "unsupported_media_type", 415, "unavailable", 503);

    @TempDir
    Path reports;
    private ApiFixture f;
    private Level endpointLevel;

    @BeforeEach
    void start() {
        // one INFO line per mutating call would be a few thousand lines here
        endpointLevel = LogManager.getLogger(Endpoint.class).getLevel();
        Configurator.setLevel(Endpoint.class.getName(), Level.WARN);
        f = new ApiFixture(reports, "", 200, List.of("127.0.0.1"), "a");
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
        Configurator.setLevel(Endpoint.class.getName(), endpointLevel);
    }

    @Test
    void mutatedBodiesNeverBreakTheNode() {
        String sink = f.sinkUrl();
        List<String> creates = List.of(
                "{\"name\":\"fuzz\",\"targets\":[{\"url\":\"" + sink + "\",\"method\":\"GET\",\"headers\":{\"X-A\":\"1\"}}],"
                        + "\"rps\":20,\"requests\":5,\"duration\":\"2s\",\"timeout\":\"2s\",\"concurrency\":4}",
                "{\"targets\":[{\"url\":\"" + sink + "\",\"method\":\"POST\",\"body\":\"a=1\"}],\"users\":2,"
                        + "\"delay\":\"1s\",\"requests\":5,\"duration\":\"2s\"}",
                "{\"targets\":[{\"url\":\"" + sink + "\"}],\"stages\":[{\"duration\":\"1s\",\"rps\":10},"
                        + "{\"duration\":\"1s\",\"rps\":20}],\"requests\":5}",
                "{\"urlsFile\":\"" + sink + "\\n" + sink + " POST a=1\\n\",\"rps\":10,\"requests\":5,\"duration\":\"2s\","
                        + "\"order\":\"random\",\"thresholds\":[\"p99 < 200ms\",\"errors < 1%\"]}",
                "{\"targets\":[{\"url\":\"" + sink + "\"}],\"users\":1,\"benchmark\":true,\"requests\":5}");
        List<String> updates = List.of("{\"rps\":10}", "{\"stages\":[{\"duration\":\"1m\",\"rps\":10}]}",
                "{\"requests\":100000,\"duration\":\"5m\"}", "{\"targets\":[{\"url\":\"" + sink + "\"}]}",
                "{\"rps\":8,\"duration\":\"9m\",\"requests\":null}");
        String reset = "{\"rps\":5,\"duration\":\"10m\",\"requests\":null,\"targets\":[{\"url\":\"" + sink + "\"}]}";

        BodyMutator mutator = new BodyMutator(SEED);
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> created = new ArrayList<>();
        long t0 = System.nanoTime();
        String target = newRunning();
        int sent = 0;
        int patchesApplied = 0;
        for (int i = 0; i < CREATES + UPDATES && System.nanoTime() - t0 < DEADLINE_NANOS; i++) {
            boolean create = i % 2 == 0 && i / 2 < CREATES || i >= 2 * UPDATES;
            String body = mutator.mutate((create ? creates : updates).get(i % 5));
            ApiFixture.Resp r = create ? f.send("POST", "/api/v1/sessions", body)
                    : f.send("PATCH", "/api/v1/sessions/" + target, body);
            sent++;
            statuses.merge((create ? "POST " : "PATCH ") + r.status(), 1, Integer::sum);
            check(r, body, create ? 201 : 200);
            if (create && r.status() == 201) {
                String id = r.json().get("id").getAsString();
                created.add(id);
                f.send("POST", "/api/v1/sessions/" + id + "/stop", null);
            } else if (!create && r.status() == 200) {
                patchesApplied++;
                if (f.send("PATCH", "/api/v1/sessions/" + target, reset).status() != 200) {
                    target = newRunning();
                }
            } else if (!create && r.status() == 409) {
                target = newRunning();
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("fuzz: %d mutated bodies in %.1f s (%.0f/s), seed %d: %s; %d sessions created, %d patches applied%n",
                sent, secs, sent / secs, SEED, statuses, created.size(), patchesApplied);
        assertThat(sent).isGreaterThanOrEqualTo(1000);

        // still healthy: stop everything, and a valid call still works
        f.send("POST", "/api/v1/sessions/" + target + "/stop", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> f.first().sessions().stream()
                .map(Session::state).allMatch(s -> s.terminal()));
        assertThat(f.get("/health").status()).isEqualTo(200);
        assertThat(f.get("/health/ready").status()).isEqualTo(200);
        assertThat(f.get("/api/v1/cluster").json().getAsJsonArray("members")).hasSize(1);
        ApiFixture.Resp ok = f.send("POST", "/api/v1/sessions", creates.get(0));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        assertThat(f.get("/metrics").status()).isEqualTo(200);
        System.out.printf("fuzz: sink received %d requests in all%n", f.sink.requests());
    }

    private String newRunning() {
        ApiFixture.Resp r = f.send("POST", "/api/v1/sessions", f.spec("\"name\":\"fuzz-target\",\"rps\":5,\"duration\":\"10m\""));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().get("id").getAsString();
        await().atMost(Duration.ofSeconds(5)).until(() -> f.first().session(id).orElseThrow().state() == SessionState.RUNNING);
        return id;
    }

    private static void check(ApiFixture.Resp r, String body, int success) {
        String what = "status " + r.status() + " for body " + abbreviate(body) + "\n -> " + abbreviate(r.body());
        assertThat(r.status()).as(what).isLessThan(500);
        JsonElement json;
        try {
            json = JsonParser.parseString(r.body());
        } catch (RuntimeException e) {
            throw new AssertionError("not JSON: " + what, e);
        }
        assertThat(json.isJsonObject()).as(what).isTrue();
        JsonObject o = json.getAsJsonObject();
        if (r.status() == success) {
            assertThat(o.get("id").getAsString()).as(what).isNotBlank();
            return;
        }
        assertThat(o.keySet()).as(what).isEqualTo(Set.of("error"));
        JsonObject e = o.getAsJsonObject("error");
        assertThat(e.keySet()).as(what).containsExactlyInAnyOrder("code", "message", "field", "problems");
        String code = e.get("code").getAsString();
        assertThat(STATUS_OF).as(what).containsKey(code);
        assertThat(r.status()).as(what).isEqualTo(STATUS_OF.get(code));
        assertThat(e.get("message").getAsString()).as(what).isNotBlank();
        assertThat(e.getAsJsonArray("problems")).as(what).isNotEmpty();
    }

    private static String abbreviate(String s) {
        String t = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        return t.length() <= 300 ? t : t.substring(0, 300) + "...(" + t.length() + " chars)";
    }
}
