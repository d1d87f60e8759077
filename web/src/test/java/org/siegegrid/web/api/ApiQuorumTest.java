package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node of a cluster that needs two: live but not ready; the cluster view still shows the
 * membership; everything that needs the cluster's maps answers 503 {@code unavailable}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiQuorumTest {

    @Test
    void withoutQuorumTheNodeIsLiveButNotReady(@TempDir Path reports) {
        try (ApiFixture f = new ApiFixture(reports, "", 1_000, List.of("*"), 2, "a")) {
            ApiFixture.Resp health = f.get("/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("status").getAsString()).isEqualTo("UP");

            ApiFixture.Resp ready = f.get("/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("status").getAsString()).isEqualTo("NO_QUORUM");
            assertThat(ready.json().getAsJsonObject("quorum").get("required").getAsInt()).isEqualTo(2);
            assertThat(ready.json().getAsJsonObject("quorum").get("present").getAsBoolean()).isFalse();

            ApiFixture.Resp cluster = f.get("/api/v1/cluster");
            assertThat(cluster.status()).isEqualTo(200);
            JsonObject c = cluster.json();
            assertThat(c.getAsJsonArray("members")).hasSize(1);
            assertThat(c.getAsJsonObject("quorum").get("present").getAsBoolean()).isFalse();
            assertThat(c.get("sessions").isJsonNull()).isTrue();

            for (String path : List.of("/api/v1/nodes", "/api/v1/sessions", "/api/v1/sessions/x", "/api/v1/nodes/a")) {
                ApiFixture.Resp r = f.get(path);
                assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(503);
                assertThat(r.error().get("code").getAsString()).isEqualTo("unavailable");
                assertThat(r.error().get("message").getAsString()).startsWith("no quorum");
            }
            ApiFixture.Resp create = f.send("POST", "/api/v1/sessions", f.spec("\"rps\":5"));
            assertThat(create.status()).as(create.body()).isEqualTo(503);
            assertThat(create.error().get("code").getAsString()).isEqualTo("unavailable");
            assertThat(f.send("POST", "/api/v1/nodes/a/drain", null).status()).isEqualTo(503);

            ApiFixture.Resp metrics = f.get("/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.body()).contains("siegegrid_cluster_quorum_present 0.0", "siegegrid_cluster_quorum_required 2.0",
                    "siegegrid_cluster_members 1.0");
        }
    }
}
