package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code serve --api-auth} and {@code --api-redact-headers}: a bad value is one line naming the setting (exit 2). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServeApiAccessTest {
    private static final Pattern READY = Pattern.compile("SiegeGrid node (\\S+) API (http://\\S+/)");

    private static String cluster() {
        return "sg-access-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "--api-auth|everything|siegegrid serve: api.auth (--api-auth): must be 'changes' (only changes need api.token) or 'all' (reads too), got 'everything'",
            "--api-auth|all|siegegrid serve: api.auth: 'all' needs api.token (without one no call could read)",
            "--api-redact-headers|X-Ok,X Bad|siegegrid serve: api.redact.headers (--api-redact-headers): not a valid header name: \"X Bad\""})
    void aBadValueIsOneLineAndExitTwo(String flag, String value, String line) {
        Cli.Result r = Cli.run("serve", "--cluster-name", cluster(), "--api-port", "0", flag, value);
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.errLines()).as(r.err()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith(line);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void authAllServesHealthOpenAndEverythingElseWithTheToken() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] args = {"serve", "--cluster-name", cluster(), "--node-id", "locked", "--port", Integer.toString(port),
                "--api-port", "0", "--api-auth", "all", "--api-token", "t0k"};
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)) {
                return Main.run(args, o, e);
            }
        });
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> READY.matcher(out.toString(StandardCharsets.UTF_8)).find()
                    || exit.isDone());
            Matcher m = READY.matcher(out.toString(StandardCharsets.UTF_8));
            assertThat(m.find()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
            String url = m.group(2);
            assertThat(status(http, url + "health", null)).isEqualTo(200);
            assertThat(status(http, url + "api/v1/sessions", null)).isEqualTo(401);
            assertThat(status(http, url + "metrics", null)).isEqualTo(401);
            assertThat(status(http, url + "api/v1/sessions", "t0k")).isEqualTo(200);
            HttpResponse<String> removed = http.send(HttpRequest.newBuilder(URI.create(url + "api/v1/nodes/locked"))
                    .DELETE().header("Authorization", "Bearer t0k").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(removed.statusCode()).isEqualTo(202);
            assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        } finally {
            exit.cancel(true);
        }
    }

    private static int status(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
