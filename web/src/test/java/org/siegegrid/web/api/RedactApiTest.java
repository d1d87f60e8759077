package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.siegegrid.core.node.ApiAccess;
import org.siegegrid.core.report.ReportCsv;
import org.siegegrid.core.session.Redaction;

/**
 * Secrets in specs, as a table: a session sends each credential-like header to the sink; every view
 * a reader without the token gets (the session, the list, live stats, the report in every format,
 * the session's and the cluster's event streams, /metrics, the node's log lines, the report file)
 * must not carry a single one of the values (the event log too), and the token holder sees them where the spec is shown
 * (and in the answers to its own changes). One session runs for the table (two nodes, the real
 * sink); its views are read once, while it runs and after it ended; any status but 200 fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedactApiTest {
    private static final String TOKEN = "t0ken-redact";
    /** Header -> a value no view may show to a reader without the token. The last one comes from api.redact.headers. */
    static final Map<String, String> SECRETS = secrets();
    /** Views that show the spec: the token holder sees the values there. */
    private static final List<String> SPEC_VIEWS = List.of("session", "list", "finished session", "create answer",
            "patch answer");
    /** Frames read from each stream, for each reader. */
    private static final int FRAMES = 2;

    @TempDir
    static Path reports;
    private ApiFixture f;
    private LogCapture logs;
    private String id;
    private final Map<String, String> anonymous = new LinkedHashMap<>();
    private final Map<String, String> holder = new LinkedHashMap<>();

    private static Map<String, String> secrets() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Authorization", "Bearer sekrit-authorization-1");
        m.put("Proxy-Authorization", "Basic sekrit-proxy-2");
        m.put("Cookie", "sid=sekrit-cookie-3");
        m.put("Set-Cookie", "sid=sekrit-set-cookie-4");
        m.put("X-Auth-Token", "sekrit-token-5");
        m.put("x-api-key", "sekrit-key-6");
        m.put("X-Tenant-Secret", "sekrit-extra-7");
        return m;
    }

    @BeforeAll
    void runOneSession() throws IOException {
        logs = LogCapture.open();
        f = new ApiFixture(reports, TOKEN, 10_000, List.of("127.0.0.1"),
                new ApiAccess(ApiAccess.Auth.CHANGES, Redaction.with(List.of("X-Tenant-Secret"))), "a", "b");
        StringBuilder headers = new StringBuilder("\"Accept\":\"text/plain\"");
        SECRETS.forEach((k, v) -> headers.append(",\"").append(k).append("\":\"").append(v).append("\""));
        ApiFixture.Resp created = f.send("POST", "/api/v1/sessions", "{\"name\":\"redact\",\"targets\":[{\"url\":\""
                + f.sinkUrl() + "\",\"headers\":{" + headers + "}}],\"rps\":20,\"duration\":\"4s\",\"timeout\":\"2s\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        id = created.json().get("id").getAsString();
        holder.put("create answer", created.body());
        ApiFixture.Resp patched = f.send("PATCH", "/api/v1/sessions/" + id, "{\"rps\":20}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        holder.put("patch answer", patched.body());
        await().atMost(Duration.ofSeconds(20)).until(() -> f.first().stats(id).totals().issued() > 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.get("/metrics").body().contains("session=\"" + id + "\""));
        String s = "/api/v1/sessions/" + id;
        read("session", s);
        read("list", "/api/v1/sessions");
        read("stats", s + "/stats");
        read("metrics", "/metrics");
        stream("session stream", s + "/stream", "session");
        stream("cluster stream", "/api/v1/cluster/stream", "cluster");
        await().atMost(Duration.ofSeconds(30)).until(() -> f.get(s).json().get("state").getAsString().equals("FINISHED"));
        read("report json", s + "/report");
        read("report siege", s + "/report?format=siege");
        read("report csv", s + "/report?format=csv");
        read("report html", s + "/report?format=html");
        read("finished session", s);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.get(s + "/events").body().contains("\"kind\":\"ended\""));
        read("events", s + "/events");
        Path file = reports.resolve(id + ".json");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file));
        anonymous.put("report file", Files.readString(file));
        holder.put("report file", anonymous.get("report file"));
        anonymous.put("report html file", Files.readString(reports.resolve(id + ".html")));
        holder.put("report html file", anonymous.get("report html file"));
        anonymous.put("wrong token: session", f.call("GET", s, null, null, "Bearer not-" + TOKEN).body());
        anonymous.put("wrong token: list", f.call("GET", "/api/v1/sessions", null, null, "Bearer not-" + TOKEN).body());
        anonymous.put("log lines", logs.text());
    }

    private void read(String view, String path) {
        ApiFixture.Resp a = f.get(path);
        ApiFixture.Resp h = f.call("GET", path, null, null, "Bearer " + TOKEN);
        assertThat(a.status()).as(view + ": " + a.body()).isEqualTo(200);
        assertThat(h.status()).as(view + ": " + h.body()).isEqualTo(200);
        anonymous.put(view, a.body());
        holder.put(view, h.body());
    }

    /** The first {@link #FRAMES} frames of a stream, for each reader, as their data one a line. */
    private void stream(String view, String path, String event) throws IOException {
        try (SseClient a = new SseClient(f.api.port(), path, false);
             SseClient h = new SseClient(f.api.port(), path, false, "Bearer " + TOKEN)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> a.of(event).size() >= FRAMES && h.of(event).size() >= FRAMES
                    || a.ended || h.ended);
            anonymous.put(view, frames(view, a, event));
            holder.put(view, frames(view, h, event));
        }
    }

    private static String frames(String view, SseClient c, String event) {
        assertThat(c.status).as(view).startsWith("HTTP/1.0 200 ");
        assertThat(c.of(event)).as(view + ": " + c.events).hasSizeGreaterThanOrEqualTo(FRAMES);
        StringBuilder b = new StringBuilder();
        c.of(event).stream().limit(FRAMES).forEach(e -> b.append(e.data()).append('\n'));
        return b.toString();
    }

    @AfterAll
    void stop() {
        if (f != null) {
            f.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    Stream<Arguments> anonymousRows() {
        return rows(anonymous);
    }

    Stream<Arguments> holderRows() {
        return rows(holder);
    }

    private static Stream<Arguments> rows(Map<String, String> views) {
        List<Arguments> rows = new ArrayList<>();
        for (String view : views.keySet()) {
            SECRETS.forEach((header, value) -> rows.add(Arguments.of(view, header, value)));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("anonymousRows")
    void aReaderWithoutTheTokenNeverSeesTheValue(String view, String header, String value) {
        assertThat(anonymous.get(view)).as(view).doesNotContain(value);
        if (SPEC_VIEWS.contains(view) || view.startsWith("wrong token")) {
            assertThat(anonymous.get(view)).as(view + " keeps the header's name").contains("\"" + header + "\":\""
                    + Redaction.MARKER + "\"");
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("holderRows")
    void theTokenHolderSeesItWhereTheSpecIsShown(String view, String header, String value) {
        if (SPEC_VIEWS.contains(view)) {
            assertThat(holder.get(view)).as(view).contains("\"" + header + "\":\"" + value + "\"");
        } else {
            assertThat(holder.get(view)).as(view + " has no spec at all").doesNotContain(value);
        }
    }

    @Test
    void theViewsWereReallyRead() {
        assertThat(anonymous.get("session")).contains("\"Accept\":\"text/plain\"", "\"name\":\"redact\"");
        assertThat(anonymous.get("stats")).contains("\"transactions\"");
        assertThat(anonymous.get("metrics")).contains("siegegrid_session_requests_total{name=\"redact\",session=\"" + id);
        assertThat(anonymous.get("report siege")).contains("Transactions:");
        assertThat(anonymous.get("report csv")).startsWith(ReportCsv.HEADER + "\r\n0,");
        assertThat(anonymous.get("session stream")).contains("\"id\":\"" + id + "\"", "\"name\":\"redact\"");
        assertThat(holder.get("session stream")).contains("\"name\":\"redact\"");
        assertThat(anonymous.get("cluster stream")).contains("\"nodes\"", "\"id\":\"a\"", "\"id\":\"b\"");
        assertThat(holder.get("cluster stream")).contains("\"nodes\"");
        assertThat(anonymous.get("report html")).contains("<h2>Summary</h2>", "redact", "<polyline");
        assertThat(anonymous.get("report html file")).isEqualTo(anonymous.get("report html"));
        assertThat(anonymous.get("events")).contains("\"kind\":\"created\"", "\"kind\":\"updated\"", "\"kind\":\"ended\"");
        assertThat(anonymous.get("report file")).contains("\"transactions\"");
        assertThat(anonymous.get("log lines")).as("the capture works, at DEBUG too").contains("session " + id + " created",
                "api GET /api/v1/sessions/" + id + "/report -> 200");
        // the cluster keeps the real values: the nodes send them
        assertThat(f.first().session(id).orElseThrow().spec().targets().get(0).headers()).containsAllEntriesOf(SECRETS);
    }
}
