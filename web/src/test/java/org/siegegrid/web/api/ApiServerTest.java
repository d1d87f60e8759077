package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server without a cluster: before its node joined, and the small rules (content types, tokens). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ApiServerTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void beforeTheNodeJoinedCallsAnswer503AndTheTokenStillCounts() throws Exception {
        try (ApiServer api = new ApiServer("127.0.0.1", 0, "tok").start()) {
            String base = api.url();
            assertThat(api.url()).isEqualTo("http://127.0.0.1:" + api.port() + "/");
            HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(base + "health")).build());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(json(health).get("status").getAsString()).isEqualTo("STARTING");

            HttpResponse<String> list = send(HttpRequest.newBuilder(URI.create(base + "api/v1/sessions")).build());
            assertThat(list.statusCode()).isEqualTo(503);
            assertThat(json(list).getAsJsonObject("error").get("code").getAsString()).isEqualTo("unavailable");

            HttpResponse<String> create = send(HttpRequest.newBuilder(URI.create(base + "api/v1/sessions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build());
            assertThat(create.statusCode()).isEqualTo(401);

            HttpResponse<String> ui = send(HttpRequest.newBuilder(URI.create(base)).build());
            assertThat(ui.statusCode()).isEqualTo(200);
            assertThat(ui.body()).as("the UI is static: served before the node joined").contains("/ui/app.js");

            HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(base + "metrics")).build());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes", "siegegrid_cluster_members 0.0");
        }
    }

    @Test
    void aTakenPortFailsToStartAndCloseIsIdempotent() {
        try (ApiServer first = new ApiServer("127.0.0.1", 0, "").start()) {
            ApiServer second = new ApiServer("127.0.0.1", first.port(), "");
            assertThatThrownBy(second::start).isInstanceOf(RuntimeException.class);
            second.close();
            first.close();
            first.close();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "application/json|true", "application/json; charset=utf-8|true", "application/json;charset=UTF-8|true",
            "Application/JSON|true", "application/merge-patch+json|true", "application/vnd.siegegrid+json|true",
            "application/json; charset=\"utf-8\"|true", "application/json; charset=ISO-8859-1|false",
            "application/json; charset=utf-16|false", "text/plain|false", "text/json|false",
            "application/x-www-form-urlencoded|false", "multipart/form-data; boundary=x|false", "application/jsonx|false"})
    void jsonContentTypes(String type, boolean json) {
        assertThat(Call.isJson(type)).isEqualTo(json);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "Bearer s3cret|true", "bearer s3cret|true", "BEARER   s3cret  |true", "Bearer s3cre|false",
            "Bearer s3cret2|false", "Bearer |false", "Basic s3cret|false", "s3cret|false", "NULL|false", "''|false"})
    void bearerTokens(String header, boolean ok) {
        BearerAuth auth = new BearerAuth("s3cret");
        if (ok) {
            auth.check(header);
        } else {
            assertThatThrownBy(() -> auth.check(header)).isInstanceOfSatisfying(ApiError.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.code()).isEqualTo("unauthorized");
            });
        }
        new BearerAuth("").check(header);
        new BearerAuth(null).check(header);
    }

    private HttpResponse<String> send(HttpRequest r) throws Exception {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }
}
