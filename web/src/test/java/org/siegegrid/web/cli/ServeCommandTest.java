package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code siegegrid serve}: its refusals (exit 2, one line per problem naming the key) and its lifecycle. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServeCommandTest {
    private static final Pattern READY = Pattern.compile("SiegeGrid node (\\S+) API (http://\\S+/)");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String cluster() {
        return "sg-serve-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @ParameterizedTest(name = "bind {0}")
    @MethodSource("wildcards")
    void refusesToBindBeyondLoopbackWithoutATokenOrAClusterSecret(String bind) {
        Cli.Result r = Cli.run("serve", "--bind", bind, "--cluster-name", cluster(), "--api-port", "0");
        System.out.println("serve --bind " + bind + ": exit " + r.exit() + ": " + r.err().strip());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(2);
        assertThat(r.errLines().get(0)).startsWith("siegegrid serve: api.token: required when the API binds beyond loopback");
        assertThat(r.errLines().get(1)).startsWith("siegegrid serve: cluster.secret: required when the cluster port binds"
                + " beyond loopback");
        assertThat(r.out()).doesNotContain("SiegeGrid node");
        Cli.Result shortSecret = Cli.run("serve", "--bind", bind, "--cluster-name", cluster(), "--api-port", "0",
                "--api-token", "t", "--cluster-secret", "too short");
        assertThat(shortSecret.exit()).isEqualTo(2);
        assertThat(shortSecret.errLines()).containsExactly("siegegrid serve: cluster.secret (--cluster-secret): must be"
                + " at least 16 characters (it has 9)");
    }

    static Stream<String> wildcards() {
        return Stream.of("0.0.0.0", "::");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void badSettingsExitTwoWithOneLinePerProblem(String name, List<String> args, List<String> keys, @TempDir Path dir)
            throws IOException {
        List<String> all = new ArrayList<>(List.of("serve", "--cluster-name", cluster()));
        for (String a : args) {
            all.add(a.replace("{DIR}", dir.toString()));
        }
        Files.writeString(dir.resolve("unknown.properties"), "cluster.name=x\nno.such.key=1\n");
        Cli.Result r = Cli.run(all.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.errLines()).as(r.err()).hasSize(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            assertThat(r.errLines().get(i)).startsWith("siegegrid serve: ").contains(keys.get(i));
        }
        assertThat(r.out()).isEmpty();
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("api port out of range", List.of("--api-port", "70000"), List.of("api.port (--api-port)")),
                Arguments.of("hazelcast port zero", List.of("--port", "0"), List.of("port (--port)")),
                Arguments.of("quorum zero", List.of("--quorum", "0"), List.of("quorum (--quorum)")),
                Arguments.of("quorum a word", List.of("--quorum", "most"), List.of("quorum (--quorum)")),
                Arguments.of("round interval not a duration", List.of("--round-interval", "fast"), List.of("round.interval")),
                Arguments.of("lease shorter than a round", List.of("--round-interval", "2s", "--lease", "1s"), List.of("lease")),
                Arguments.of("lease within the call timeout", List.of("--round-interval", "500ms"), List.of("lease")),
                Arguments.of("capacity negative", List.of("--capacity-rps", "-1"), List.of("capacity.rps")),
                Arguments.of("max rps zero", List.of("--max-rps", "0"), List.of("max.rps")),
                Arguments.of("bad allow-list", List.of("--targets-allow", "http://x/"), List.of("targets.allow")),
                Arguments.of("members and dns", List.of("--members", "127.0.0.1:5701", "--discovery-dns", "tasks.sg"),
                        List.of("members")),
                Arguments.of("api port equals hazelcast port", List.of("--port", "25999", "--api-port", "25999"),
                        List.of("api.port")),
                Arguments.of("node id with a space", List.of("--node-id", "a b"), List.of("node.id (--node-id)")),
                Arguments.of("node id with a slash", List.of("--node-id", "a/b"), List.of("node.id (--node-id)")),
                Arguments.of("public address with port 0", List.of("--public-address", "10.0.0.5:0"),
                        List.of("public.address")),
                Arguments.of("missing config file", List.of("--config", "{DIR}/none.properties"), List.of("none.properties")),
                Arguments.of("unknown key in config file", List.of("--config", "{DIR}/unknown.properties"),
                        List.of("no.such.key")),
                Arguments.of("four problems at once",
                        List.of("--api-port", "70000", "--quorum", "zero", "--round-interval", "fast", "--max-rps", "-5"),
                        List.of("quorum", "api.port", "quorum", "round.interval", "max.rps").subList(1, 5)));
    }

    @Test
    void aBusyApiPortIsAUsageError() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Cli.Result r = Cli.run("serve", "--cluster-name", cluster(), "--node-id", "busy", "--api-port",
                    Integer.toString(busy.getLocalPort()));
            assertThat(r.exit()).as(r.err()).isEqualTo(2);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.errLines().get(0)).startsWith("siegegrid serve: api.port: cannot listen on 127.0.0.1:"
                    + busy.getLocalPort());
        }
    }

    @Test
    void servesUntilRemovedThroughTheApiThenExitsZero() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = {"serve", "--cluster-name", cluster(), "--node-id", "solo", "--port", Integer.toString(freePort()),
                "--api-port", "0"};
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                return Main.run(args, o, e);
            }
        });
        try {
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).until(() -> READY.matcher(out.toString(StandardCharsets.UTF_8)).find()
                    || exit.isDone());
            Matcher m = READY.matcher(out.toString(StandardCharsets.UTF_8));
            assertThat(m.find()).as("stdout: " + out + "\nstderr: " + err).isTrue();
            System.out.printf("serve up in %d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, m.group());
            assertThat(m.group(1)).isEqualTo("solo");
            String url = m.group(2);
            assertThat(url).startsWith("http://127.0.0.1:");
            assertThat(get(url + "health").body()).contains("\"status\":\"UP\"", "\"node\":\"solo\"");
            await().atMost(Duration.ofSeconds(10)).until(() -> get(url + "api/v1/nodes/solo").statusCode() == 200);
            assertThat(get(url + "api/v1/nodes/solo").body()).contains("\"apiUrl\":\"" + url + "\"");

            HttpResponse<String> removed = http.send(HttpRequest.newBuilder(URI.create(url + "api/v1/nodes/solo"))
                    .DELETE().timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(removed.statusCode()).isEqualTo(202);
            assertThat(removed.body()).contains("\"leaving\":true");
            long t1 = System.nanoTime();
            assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
            System.out.printf("serve exited 0 %d ms after DELETE /api/v1/nodes/solo%n", (System.nanoTime() - t1) / 1_000_000);
            assertThat(reachable(url)).as("API closed").isFalse();
        } finally {
            exit.cancel(true);
        }
    }

    @Test
    void sigtermLeavesTheClusterAndExits(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve.log");
        Process p = java(log, Map.of(), "serve", "--cluster-name", cluster(), "--node-id", "sig", "--port",
                Integer.toString(freePort()), "--api-port", "0");
        try {
            await().atMost(Duration.ofSeconds(40)).until(() -> READY.matcher(Files.readString(log)).find() || !p.isAlive());
            Matcher m = READY.matcher(Files.readString(log));
            assertThat(m.find()).as(Files.readString(log)).isTrue();
            String url = m.group(2);
            assertThat(get(url + "health").statusCode()).isEqualTo(200);
            long t0 = System.nanoTime();
            p.destroy();   // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String text = Files.readString(log);
            System.out.println("SIGTERM: exit " + p.exitValue() + " after " + ms + " ms");
            assertThat(text).contains("signal: node sig leaves the cluster", "node sig left");
            assertThat(reachable(url)).isFalse();
        } finally {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void environmentVariablesAreReadAndNamedInProblems(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve.log");
        Process p = java(log, Map.of("SIEGEGRID_API_PORT", "70000", "SIEGEGRID_BIND", "0.0.0.0"), "serve",
                "--cluster-name", cluster());
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String text = Files.readString(log);
            System.out.println("env problems: exit " + p.exitValue() + "\n" + text.strip());
            assertThat(p.exitValue()).isEqualTo(2);
            assertThat(text).contains("siegegrid serve: api.port (SIEGEGRID_API_PORT): must be between 0 and 65535");
        } finally {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static Process java(Path log, Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(new File("/dev/null"));
        pb.environment().keySet().removeIf(k -> k.startsWith("SIEGEGRID_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private boolean reachable(String url) {
        try {
            get(url + "health");
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
