package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siegegrid.core.node.ApiAccess;
import org.siegegrid.core.session.Redaction;

/** Who may read: {@code api.auth=all} refuses reads without the token but /health; without any token every view is redacted. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiReadAccessTest {
    private static final String TOKEN = "t0ken-reads";
    private static final List<String> READS = List.of("/metrics", "/api/v1/cluster", "/api/v1/nodes",
            "/api/v1/nodes/a", "/api/v1/sessions", "/api/v1/sessions/ID", "/api/v1/sessions/ID/stats",
            "/api/v1/sessions/ID/report", "/api/v1/sessions/ID/events");

    @TempDir
    Path reports;

    @Test
    void authAllRefusesEveryReadWithoutTheTokenButHealth() {
        try (ApiFixture f = new ApiFixture(reports, TOKEN, 10_000, List.of("127.0.0.1"),
                new ApiAccess(ApiAccess.Auth.ALL, Redaction.DEFAULT), "a")) {
            ApiFixture.Resp created = f.send("POST", "/api/v1/sessions", f.spec("\"rps\":5,\"duration\":\"1m\""));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().get("id").getAsString();
            for (String read : READS) {
                String path = read.replace("ID", id);
                ApiFixture.Resp none = f.get(path);
                assertThat(none.status()).as(path + ": " + none.body()).isEqualTo(401);
                assertThat(none.error().get("code").getAsString()).isEqualTo("unauthorized");
                assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
                assertThat(none.body()).doesNotContain(id + "\",\"name");
                ApiFixture.Resp wrong = f.call("GET", path, null, null, "Bearer not-" + TOKEN);
                assertThat(wrong.status()).as(path).isEqualTo(401);
                ApiFixture.Resp holder = f.call("GET", path, null, null, "Bearer " + TOKEN);
                assertThat(holder.status()).as(path + ": " + holder.body())
                        .isEqualTo(path.endsWith("/report") ? 409 : 200);
            }
            for (String stream : List.of("/api/v1/cluster/stream", "/api/v1/sessions/" + id + "/stream")) {
                ApiFixture.Resp none = f.get(stream);
                assertThat(none.status()).as(stream).isEqualTo(401);
                assertThat(none.error().get("code").getAsString()).isEqualTo("unauthorized");
            }
            // the UI's files hold no data and a browser cannot send the token when it opens a page
            assertThat(f.get("/").status()).isEqualTo(200);
            assertThat(f.get("/ui/app.js").status()).isEqualTo(200);
            assertThat(f.get("/health").status()).isEqualTo(200);
            assertThat(f.get("/health").json().get("status").getAsString()).isEqualTo("UP");
            assertThat(f.get("/health/ready").status()).isEqualTo(200);
            assertThat(f.get("/health/ready").json().get("status").getAsString()).isEqualTo("READY");
            assertThat(f.get("/no/such/path").status()).as("a 404 tells nothing").isEqualTo(404);
            assertThat(f.call("POST", "/api/v1/sessions/" + id + "/stop", null, null, null).status()).isEqualTo(401);
            assertThat(f.send("POST", "/api/v1/sessions/" + id + "/stop", null).status()).isEqualTo(200);
        }
    }

    @Test
    void withoutAnyTokenEveryViewIsRedactedSinceNobodyCanProveHoldingIt() {
        try (ApiFixture f = new ApiFixture(reports, "", 10_000, List.of("127.0.0.1"), "a")) {
            ApiFixture.Resp created = f.send("POST", "/api/v1/sessions", "{\"targets\":[{\"url\":\"" + f.sinkUrl()
                    + "\",\"headers\":{\"Authorization\":\"Bearer sekrit-1\",\"X-A\":\"plain\"}}],\"rps\":5,\"duration\":\"1m\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().get("id").getAsString();
            String marker = "\"Authorization\":\"" + Redaction.MARKER + "\"";
            assertThat(created.body()).as("even the creator's answer").contains(marker).doesNotContain("sekrit-1");
            for (String auth : new String[] {null, "Bearer sekrit-1", "Bearer anything"}) {
                ApiFixture.Resp one = f.call("GET", "/api/v1/sessions/" + id, null, null, auth);
                assertThat(one.body()).as(auth).contains(marker, "\"X-A\":\"plain\"").doesNotContain("sekrit-1");
                ApiFixture.Resp list = f.call("GET", "/api/v1/sessions", null, null, auth);
                assertThat(list.body()).as(auth).contains(marker).doesNotContain("sekrit-1");
            }
            assertThat(f.first().session(id).orElseThrow().spec().targets().get(0).headers())
                    .containsEntry("Authorization", "Bearer sekrit-1");
            assertThat(f.send("POST", "/api/v1/sessions/" + id + "/stop", null).status()).isEqualTo(200);
        }
    }
}
