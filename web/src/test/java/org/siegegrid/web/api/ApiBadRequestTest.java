package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.siegegrid.core.session.SessionState;

/**
 * Rejected calls: each answers the contract's status, {@code error.code} and {@code error.field},
 * and leaves the cluster exactly as it was (sessions with their versions, states and specs; nodes).
 * The node allows only 127.0.0.1 targets and at most 1,000 rps; its API needs a token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiBadRequestTest {
    private static final String TOKEN = "t0ken-bad";
    private static final String JSON = "application/json";

    @TempDir
    static Path reports;
    private ApiFixture f;
    private String running;
    private String finished;

    /** How a case authenticates. */
    enum Auth { TOKEN, NONE, WRONG, BASIC }

    /**
     * @param field expected error.field; null for none; ending in * for a prefix
     * @param body with {SINK} (the sink's URL) and {BIG} (a string that makes the body > 1 MiB) replaced
     * @param path with {RUN} (a running session) and {DONE} (a finished one) replaced
     */
    record Case(String name, String method, String path, String contentType, String body, Auth auth,
                int status, String code, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, String method, String path, String body, int status, String code, String field) {
        return new Case(name, method, path, body == null ? null : JSON, body, Auth.TOKEN, status, code, field);
    }

    private static final String CREATE = "/api/v1/sessions";
    private static final String T = "\"targets\":[{\"url\":\"{SINK}\"}]";

    static Stream<Case> cases() {
        List<Case> l = new ArrayList<>();
        // broken JSON
        l.add(c("truncated JSON", "POST", CREATE, "{\"targets\":", 400, "invalid", null));
        l.add(c("trailing comma", "POST", CREATE, "{" + T + ",\"rps\":5,}", 400, "invalid", "rps"));
        l.add(c("NaN literal", "POST", CREATE, "{" + T + ",\"rps\":NaN}", 400, "invalid", "rps"));
        l.add(c("single quotes", "POST", CREATE, "{'rps':5}", 400, "invalid", null));
        l.add(c("array instead of object", "POST", CREATE, "[1,2,3]", 400, "invalid", null));
        l.add(c("empty body", "POST", CREATE, "", 400, "invalid", null));
        l.add(c("trailing garbage", "POST", CREATE, "{" + T + ",\"rps\":5} x", 400, "invalid", null));
        l.add(c("deep nesting", "POST", CREATE, "[".repeat(5000) + "]".repeat(5000), 400, "invalid", "[0][0][0]*"));
        // wrong types, numbers out of range
        l.add(c("rps as a string", "POST", CREATE, "{" + T + ",\"rps\":\"fast\"}", 400, "invalid", "rps"));
        l.add(c("rps negative", "POST", CREATE, "{" + T + ",\"rps\":-5}", 400, "invalid", "rps"));
        l.add(c("rps zero", "POST", CREATE, "{" + T + ",\"rps\":0}", 400, "invalid", "rps"));
        l.add(c("rps huge", "POST", CREATE, "{" + T + ",\"rps\":1e308}", 400, "invalid", "rps"));
        l.add(c("rps above the node's cap", "POST", CREATE, "{" + T + ",\"rps\":5000}", 400, "invalid", "rps"));
        l.add(c("users fractional", "POST", CREATE, "{" + T + ",\"users\":2.5}", 400, "invalid", "users"));
        l.add(c("users as boolean", "POST", CREATE, "{" + T + ",\"users\":true}", 400, "invalid", "users"));
        l.add(c("requests negative", "POST", CREATE, "{" + T + ",\"rps\":5,\"requests\":-1}", 400, "invalid", "requests"));
        l.add(c("duration without unit", "POST", CREATE, "{" + T + ",\"rps\":5,\"duration\":\"30\"}", 400, "invalid", "duration"));
        l.add(c("targets not an array", "POST", CREATE, "{\"targets\":\"{SINK}\",\"rps\":5}", 400, "invalid", "targets"));
        l.add(c("unknown field", "POST", CREATE, "{" + T + ",\"rsp\":5}", 400, "invalid", "rsp"));
        l.add(c("both rps and users", "POST", CREATE, "{" + T + ",\"rps\":5,\"users\":2}", 400, "invalid", "users"));
        l.add(c("neither rps nor users", "POST", CREATE, "{" + T + "}", 400, "invalid", "rps"));
        // URLs and the allow-list
        l.add(c("URL not HTTP", "POST", CREATE, "{\"targets\":[{\"url\":\"ftp://127.0.0.1/x\"}],\"rps\":5}", 400, "invalid", "targets[0].url"));
        l.add(c("URL garbage", "POST", CREATE, "{\"targets\":[{\"url\":\"not a url\"}],\"rps\":5}", 400, "invalid", "targets[0].url"));
        l.add(c("target outside the allow-list", "POST", CREATE, "{\"targets\":[{\"url\":\"http://10.1.2.3:9000/\"}],\"rps\":5}", 400, "invalid", "targets[0].url"));
        l.add(c("host name outside the allow-list", "POST", CREATE, "{\"targets\":[{\"url\":\"http://example.com/\"}],\"rps\":5}", 400, "invalid", "targets[0].url"));
        // size and content type
        l.add(c("body above 1 MiB", "POST", CREATE, "{" + T + ",\"rps\":5,\"name\":\"{BIG}\"}", 413, "payload_too_large", null));
        l.add(new Case("text/plain body", "POST", CREATE, "text/plain", "{" + T + ",\"rps\":5}", Auth.TOKEN, 415, "unsupported_media_type", "Content-Type"));
        l.add(new Case("form body", "POST", CREATE, "application/x-www-form-urlencoded", "rps=5", Auth.TOKEN, 415, "unsupported_media_type", "Content-Type"));
        l.add(new Case("JSON in latin-1", "POST", CREATE, "application/json; charset=ISO-8859-1", "{" + T + ",\"rps\":5}", Auth.TOKEN, 415, "unsupported_media_type", "Content-Type"));
        l.add(c("body not UTF-8", "POST", CREATE, "{INVALID_UTF8}", 400, "invalid", null));
        // invalid Unicode: escaped lone surrogates (Gson takes them; stored they became '?') and bytes that are not UTF-8
        l.add(c("lone high surrogate", "POST", CREATE, "{" + T + ",\"rps\":5,\"name\":\"\\ud800\"}", 400, "invalid", "name"));
        l.add(c("lone low surrogate", "POST", CREATE, "{" + T + ",\"rps\":5,\"name\":\"x\\udc00\"}", 400, "invalid", "name"));
        l.add(c("surrogates reversed", "POST", CREATE, "{" + T + ",\"rps\":5,\"name\":\"\\udc00\\ud800\"}", 400, "invalid", "name"));
        l.add(c("lone surrogate in a URL", "POST", CREATE, "{\"targets\":[{\"url\":\"{SINK}\\ud800\"}],\"rps\":5}", 400, "invalid", "targets[0].url"));
        l.add(c("lone surrogate in a field name", "POST", CREATE, "{" + T + ",\"rps\":5,\"\\udbff\":1}", 400, "invalid", "\\uDBFF"));
        l.add(c("patch with a lone surrogate", "PATCH", "/api/v1/sessions/{RUN}", "{\"targets\":[{\"url\":\"{SINK}\\udfff\"}]}", 400, "invalid", "targets[0].url"));
        l.add(c("node patch with a lone surrogate", "PATCH", "/api/v1/nodes/a", "{\"capacityRps\":5,\"\\ud800\":1}", 400, "invalid", "\\uD800"));
        l.add(c("UTF-8 overlong slash", "POST", CREATE, "{" + T + ",\"rps\":5,\"name\":\"{RAW:C0AF}\"}", 400, "invalid", null));
        l.add(c("UTF-8 encoded surrogate (CESU)", "POST", CREATE, "{" + T + ",\"rps\":5,\"name\":\"{RAW:EDA080}\"}", 400, "invalid", null));
        l.add(c("UTF-8 above U+10FFFF", "POST", CREATE, "{" + T + ",\"rps\":5,\"name\":\"{RAW:F4908080}\"}", 400, "invalid", null));
        l.add(c("UTF-8 stray continuation byte", "POST", CREATE, "{" + T + ",\"rps\":5,\"name\":\"{RAW:80}\"}", 400, "invalid", null));
        l.add(c("UTF-8 truncated at the end", "POST", CREATE, "{" + T + ",\"rps\":5,\"name\":\"x\"}{RAW:E282}", 400, "invalid", null));
        l.add(c("UTF-8 in a node patch", "PATCH", "/api/v1/nodes/a", "{\"capacityRps\":5{RAW:FF}}", 400, "invalid", null));
        // tokens
        l.add(new Case("missing token", "POST", CREATE, JSON, "{" + T + ",\"rps\":5}", Auth.NONE, 401, "unauthorized", "Authorization"));
        l.add(new Case("wrong token", "POST", CREATE, JSON, "{" + T + ",\"rps\":5}", Auth.WRONG, 401, "unauthorized", "Authorization"));
        l.add(new Case("basic instead of bearer", "POST", CREATE, JSON, "{" + T + ",\"rps\":5}", Auth.BASIC, 401, "unauthorized", "Authorization"));
        l.add(new Case("stop without token", "POST", "/api/v1/sessions/{RUN}/stop", null, null, Auth.NONE, 401, "unauthorized", "Authorization"));
        l.add(new Case("delete without token", "DELETE", "/api/v1/sessions/{DONE}", null, null, Auth.NONE, 401, "unauthorized", "Authorization"));
        l.add(new Case("drain with wrong token", "POST", "/api/v1/nodes/a/drain", null, null, Auth.WRONG, 401, "unauthorized", "Authorization"));
        // unknown ids and paths
        l.add(c("get unknown session", "GET", "/api/v1/sessions/nope", null, 404, "not_found", "id"));
        l.add(c("patch unknown session", "PATCH", "/api/v1/sessions/nope", "{\"rps\":5}", 404, "not_found", "id"));
        l.add(c("stop unknown session", "POST", "/api/v1/sessions/nope/stop", null, 404, "not_found", "id"));
        l.add(c("delete unknown session", "DELETE", "/api/v1/sessions/nope", null, 404, "not_found", "id"));
        l.add(c("stats of unknown session", "GET", "/api/v1/sessions/nope/stats", null, 404, "not_found", "id"));
        l.add(c("get unknown node", "GET", "/api/v1/nodes/zz", null, 404, "not_found", "id"));
        l.add(c("drain unknown node", "POST", "/api/v1/nodes/zz/drain", null, 404, "not_found", "id"));
        l.add(c("remove unknown node", "DELETE", "/api/v1/nodes/zz", null, 404, "not_found", "id"));
        l.add(c("unknown path", "GET", "/api/v2/sessions", null, 404, "not_found", null));
        // state conflicts
        l.add(c("update after finish", "PATCH", "/api/v1/sessions/{DONE}", "{\"rps\":10}", 409, "conflict", "state"));
        l.add(c("stop after finish", "POST", "/api/v1/sessions/{DONE}/stop", null, 409, "conflict", "state"));
        l.add(c("delete while running", "DELETE", "/api/v1/sessions/{RUN}", null, 409, "conflict", "state"));
        l.add(c("report while running", "GET", "/api/v1/sessions/{RUN}/report", null, 409, "conflict", "state"));
        // bad updates
        l.add(c("patch a fixed field", "PATCH", "/api/v1/sessions/{RUN}", "{\"name\":\"other\"}", 400, "invalid", "name"));
        l.add(c("patch rps above the cap", "PATCH", "/api/v1/sessions/{RUN}", "{\"rps\":100000}", 400, "invalid", "rps"));
        l.add(c("patch to the closed model", "PATCH", "/api/v1/sessions/{RUN}", "{\"rps\":null,\"users\":5}", 400, "invalid", "users"));
        l.add(c("patch broken JSON", "PATCH", "/api/v1/sessions/{RUN}", "{\"rps\":", 400, "invalid", null));
        l.add(c("patch with a non-object", "PATCH", "/api/v1/sessions/{RUN}", "42", 400, "invalid", null));
        l.add(c("node cap negative", "PATCH", "/api/v1/nodes/a", "{\"capacityRps\":-1}", 400, "invalid", "capacityRps"));
        l.add(c("node cap as a string", "PATCH", "/api/v1/nodes/a", "{\"capacityRps\":\"lots\"}", 400, "invalid", "capacityRps"));
        l.add(c("node cap above max.rps", "PATCH", "/api/v1/nodes/a", "{\"capacityRps\":1e12}", 400, "invalid", "capacityRps"));
        l.add(c("node patch unknown field", "PATCH", "/api/v1/nodes/a", "{\"capacityRps\":5,\"cores\":64}", 400, "invalid", "cores"));
        l.add(c("node patch missing cap", "PATCH", "/api/v1/nodes/a", "{}", 400, "invalid", "capacityRps"));
        l.add(c("report in an unknown format", "GET", "/api/v1/sessions/{DONE}/report?format=xml", null, 400, "invalid", "format"));
        // wrong methods
        l.add(c("PUT sessions", "PUT", CREATE, "{\"rps\":5}", 405, "method_not_allowed", null));
        l.add(c("DELETE cluster", "DELETE", "/api/v1/cluster", null, 405, "method_not_allowed", null));
        l.add(c("GET stop", "GET", "/api/v1/sessions/{RUN}/stop", null, 405, "method_not_allowed", null));
        l.add(c("POST health", "POST", "/health", null, 405, "method_not_allowed", null));
        return l.stream();
    }

    @BeforeAll
    void start() {
        f = new ApiFixture(reports, TOKEN, 1_000, List.of("127.0.0.1"), "a");
        ApiFixture.Resp run = f.send("POST", CREATE, f.spec("\"name\":\"steady\",\"rps\":5,\"duration\":\"10m\""));
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        running = run.json().get("id").getAsString();
        ApiFixture.Resp done = f.send("POST", CREATE, f.spec("\"name\":\"short\",\"rps\":20,\"requests\":3"));
        assertThat(done.status()).as(done.body()).isEqualTo(201);
        finished = done.json().get("id").getAsString();
        await().atMost(Duration.ofSeconds(20)).until(() -> f.first().session(finished).orElseThrow().state()
                == SessionState.FINISHED);
    }

    @AfterAll
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedAndNothingChanges(Case k) {
        List<String> before = f.state();
        String path = k.path().replace("{RUN}", running).replace("{DONE}", finished);
        byte[] body = body(k);
        String auth = switch (k.auth()) {
            case TOKEN -> "Bearer " + TOKEN;
            case NONE -> null;
            case WRONG -> "Bearer not-" + TOKEN;
            case BASIC -> "Basic dXNlcjpwYXNz";
        };
        ApiFixture.Resp r = f.call(k.method(), path, body, k.contentType(), auth);
        assertThat(r.status()).as(r.body()).isEqualTo(k.status());
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonObject error = r.error();
        assertThat(error.get("code").getAsString()).isEqualTo(k.code());
        if (k.field() == null) {
            assertThat(error.get("field").isJsonNull()).as(r.body()).isTrue();
        } else {
            assertThat(error.get("field").isJsonNull()).as(r.body()).isFalse();
            if (k.field().endsWith("*")) {
                assertThat(error.get("field").getAsString()).startsWith(k.field().substring(0, k.field().length() - 1));
            } else {
                assertThat(error.get("field").getAsString()).as(r.body()).isEqualTo(k.field());
            }
        }
        assertThat(error.get("message").getAsString()).isNotBlank();
        if (k.name().contains("surrogate") && !k.name().contains("UTF-8")) {
            assertThat(error.get("message").getAsString()).as(r.body()).contains("lone surrogate", "at line 1 column");
        }
        if (k.name().contains("UTF-8")) {
            assertThat(error.get("message").getAsString()).as(r.body()).contains("not valid UTF-8", "at offset");
        }
        assertThat(error.getAsJsonArray("problems")).isNotEmpty();
        if (k.status() == 401) {
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        }
        if (k.status() == 405) {
            assertThat(r.header("Allow")).isNotBlank();
        }
        assertThat(f.state()).as("cluster state after " + k.name()).isEqualTo(before);
        // the connection and the node are fine afterwards
        assertThat(f.get("/health").status()).isEqualTo(200);
    }

    /**
     * A client that waits for "100 Continue" (curl does above 1 MiB): refused bodies are never sent
     * and the answer comes at once; accepted ones get "100 Continue" at once. A raw socket, because
     * JDK 17's HttpClient hangs on a final answer to {@code expectContinue} (JDK-8286171).
     */
    @org.junit.jupiter.api.Test
    void expectContinueIsAnsweredAtOnce() throws Exception {
        List<String> before = f.state();
        long t0 = System.nanoTime();
        List<String> tooLarge = expect(CREATE, "Bearer " + TOKEN, ApiServer.MAX_BODY + 10, null);
        long t1 = System.nanoTime();
        List<String> unauthorized = expect(CREATE, null, 1000, null);
        long t2 = System.nanoTime();
        byte[] half = f.spec("\"rps\":5,\"name\":\"" + "y".repeat(500_000) + "\"").getBytes(StandardCharsets.UTF_8);
        List<String> read = expect(CREATE, "Bearer " + TOKEN, half.length, half);
        long t3 = System.nanoTime();
        System.out.printf("Expect: 100-continue: %s in %d ms, %s in %d ms, %s in %d ms%n", tooLarge, (t1 - t0) / 1_000_000,
                unauthorized, (t2 - t1) / 1_000_000, read, (t3 - t2) / 1_000_000);
        assertThat(tooLarge).containsExactly("HTTP/1.1 413 Request Entity Too Large");
        assertThat(unauthorized).containsExactly("HTTP/1.1 401 Unauthorized");
        assertThat(read).containsExactly("HTTP/1.1 100 Continue", "HTTP/1.1 400 Bad Request");
        assertThat((t3 - t0) / 1_000_000).as("answered without waiting").isLessThan(2_500);
        assertThat(f.state()).isEqualTo(before);
    }

    /** The status lines a raw HTTP/1.1 client sees; it sends {@code body} only after "100 Continue". */
    private List<String> expect(String path, String auth, long length, byte[] body) throws java.io.IOException {
        java.net.URI u = java.net.URI.create(f.api.url());
        try (java.net.Socket s = new java.net.Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(10_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + u.getHost() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + length + "\r\nExpect: 100-continue\r\n"
                    + (auth == null ? "" : "Authorization: " + auth + "\r\n") + "\r\n";
            s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> statuses = new ArrayList<>();
            String line = in.readLine();
            statuses.add(line);
            if (line.contains(" 100 ") && body != null) {
                while (!in.readLine().isEmpty()) {
                    // the interim answer's headers
                }
                s.getOutputStream().write(body);
                s.getOutputStream().flush();
                statuses.add(in.readLine());
            }
            return statuses;
        }
    }

    private byte[] body(Case k) {
        if (k.body() == null) {
            return null;
        }
        if (k.body().equals("{INVALID_UTF8}")) {
            byte[] b = ("{\"targets\":[{\"url\":\"" + f.sinkUrl() + "\"}],\"rps\":5,\"name\":\"x\"}")
                    .getBytes(StandardCharsets.UTF_8);
            b[b.length - 4] = (byte) 0xC3;   // a lead byte without its continuation
            return b;
        }
        String s = k.body().replace("{SINK}", f.sinkUrl());
        if (s.contains("{BIG}")) {
            s = s.replace("{BIG}", "x".repeat((int) ApiServer.MAX_BODY));
        }
        // {RAW:hex} stands for those bytes as they are
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{RAW:([0-9A-F]+)}").matcher(s);
        int from = 0;
        while (m.find()) {
            out.writeBytes(s.substring(from, m.start()).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(java.util.HexFormat.of().parseHex(m.group(1)));
            from = m.end();
        }
        out.writeBytes(s.substring(from).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
