package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every admin command against a scripted API: the method, path and body it sends, and what it prints. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CommandMappingTest {
    static final String SESSION = "{\"id\":\"s1\",\"name\":\"shop\",\"state\":\"RUNNING\",\"version\":2,\"reason\":null,"
            + "\"createdAt\":\"2026-11-28T01:02:03.456Z\",\"startedAt\":\"2026-11-28T01:02:04.000Z\",\"endedAt\":null,"
            + "\"spec\":{\"name\":\"shop\",\"targets\":[{\"url\":\"http://127.0.0.1:9/\",\"method\":\"GET\",\"headers\":{}}],"
            + "\"order\":\"sequential\",\"rps\":1000,\"duration\":\"20s\",\"engine\":\"native\"},"
            + "\"board\":{\"round\":7,\"deficit\":0,\"nodes\":[{\"id\":\"n1\",\"shareRps\":500,\"users\":null,\"concurrency\":50,"
            + "\"achievedRps\":499.5,\"issued\":3000,\"done\":2990,\"failed\":0,\"leaseExpiresAt\":\"2026-11-28T01:02:10.000Z\","
            + "\"drained\":false},{\"id\":\"n2\",\"shareRps\":500,\"users\":null,\"concurrency\":50,\"achievedRps\":500,"
            + "\"issued\":3001,\"done\":3001,\"failed\":2,\"leaseExpiresAt\":\"2026-11-28T01:02:10.000Z\",\"drained\":false}]},"
            + "\"summary\":{\"targetRps\":1000,\"achievedRps\":999.5,\"requests\":5991,\"errors\":2,\"p99Ms\":1.234}}";
    static final String NODE = "{\"id\":\"n1\",\"name\":\"n1\",\"addresses\":[\"127.0.0.1:5701\"],\"apiUrl\":\"http://127.0.0.1:8080\","
            + "\"state\":\"DRAINED\",\"capacityRps\":4000,\"cores\":2,\"version\":\"0.1.0\",\"live\":true}";
    static final String CLUSTER = "{\"name\":\"sg\",\"localNode\":\"n1\",\"members\":[\"n1\",\"n2\"],"
            + "\"quorum\":{\"required\":2,\"present\":true},\"sessions\":3,\"running\":1}";

    private FakeApi api;

    @BeforeEach
    void start() throws Exception {
        api = new FakeApi(r -> {
            String p = r.path();
            if (p.equals("/api/v1/sessions") && r.method().equals("GET")) {
                return FakeApi.Answer.json(200, "{\"sessions\":[" + SESSION + "]}");
            }
            if (p.startsWith("/api/v1/sessions")) {
                if (r.method().equals("DELETE")) {
                    return new FakeApi.Answer(204, null, null);
                }
                if (p.endsWith("/report")) {
                    return "format=siege".equals(r.query()) ? new FakeApi.Answer(200, "text/plain", "Transactions: 10 hits\n")
                            : FakeApi.Answer.json(200, "{\"transactions\":10,\"thresholds\":[]}");
                }
                return FakeApi.Answer.json(r.method().equals("POST") && p.equals("/api/v1/sessions") ? 201 : 200, SESSION);
            }
            if (p.equals("/api/v1/nodes")) {
                return FakeApi.Answer.json(200, "{\"nodes\":[" + NODE + "]}");
            }
            if (p.startsWith("/api/v1/nodes/") && r.method().equals("DELETE")) {
                return FakeApi.Answer.json(202, "{\"id\":\"n1\",\"leaving\":true}");
            }
            if (p.startsWith("/api/v1/nodes/")) {
                return FakeApi.Answer.json(200, NODE);
            }
            return FakeApi.Answer.json(200, CLUSTER);
        });
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sessions list|GET /api/v1/sessions|",
            "sessions show s1|GET /api/v1/sessions/s1|",
            "sessions stop s1|POST /api/v1/sessions/s1/stop|",
            "sessions delete s1|DELETE /api/v1/sessions/s1|",
            "sessions report s1|GET /api/v1/sessions/s1/report?format=siege|",
            "sessions report s1 --format json|GET /api/v1/sessions/s1/report|",
            "sessions report s1 --json|GET /api/v1/sessions/s1/report|",
            "sessions update s1 --rps 2000|PATCH /api/v1/sessions/s1|{\"rps\":2000.0}",
            "sessions update s1 -c 10 -n 500 -t 2M|PATCH /api/v1/sessions/s1|{\"users\":10,\"requests\":500,\"duration\":\"2m\"}",
            "sessions update s1 --requests none --duration none|PATCH /api/v1/sessions/s1|{\"requests\":null,\"duration\":null}",
            "sessions update s1 --stages 10s:100,1m:500|PATCH /api/v1/sessions/s1|{\"stages\":[{\"duration\":\"10s\",\"rps\":100.0},{\"duration\":\"1m\",\"rps\":500.0}]}",
            "sessions update s1 --url http://127.0.0.1:9/a|PATCH /api/v1/sessions/s1|{\"targets\":[{\"url\":\"http://127.0.0.1:9/a\",\"method\":\"GET\",\"headers\":{}}]}",
            "nodes list|GET /api/v1/nodes|",
            "nodes drain n1|POST /api/v1/nodes/n1/drain|",
            "nodes activate 127.0.0.1:5701|POST /api/v1/nodes/127.0.0.1:5701/activate|",
            "nodes cap n1 4000|PATCH /api/v1/nodes/n1|{\"capacityRps\":4000}",
            "nodes cap n1 0|PATCH /api/v1/nodes/n1|{\"capacityRps\":0}",
            "nodes remove n1|DELETE /api/v1/nodes/n1|",
            "cluster status|GET /api/v1/cluster|"})
    void eachCommandIsOneCall(String command, String call, String body) {
        String[] args = (command + " --api " + api.url()).split(" ");
        Cli.Result r = Cli.run(args);
        System.out.println("$ siegegrid " + command + "\n" + r.out() + r.err());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(api.requests).hasSize(1);
        assertThat(api.last().line()).isEqualTo(call);
        if (body == null) {
            assertThat(api.last().body()).isEmpty();
        } else {
            assertThat(JsonParser.parseString(api.last().body())).isEqualTo(JsonParser.parseString(body));
            assertThat(api.last().header("Content-Type")).startsWith("application/json");
        }
        assertThat(r.out()).isNotBlank();
    }

    @Test
    void tablesShowTheSessionItsWhiteboardAndTheNodes() {
        Cli.Result show = Cli.run("sessions", "show", "s1", "--api", api.url());
        assertThat(show.out()).contains("state:          RUNNING", "load:           1000/s", "limit:          20s",
                "targets:        GET http://127.0.0.1:9/", "created:        2026-11-28T01:02:03Z", "p99:            1.23 ms",
                "whiteboard round 7:");
        assertThat(show.outLines()).anySatisfy(l -> assertThat(l).matches("n2 +500/s +- +50 +500/s +3001 +3001 +2 +no .*"));
        Cli.Result list = Cli.run("sessions", "list", "--api", api.url());
        assertThat(list.outLines().get(0)).matches("ID +NAME +STATE +LOAD +LIMIT +VERSION +CREATED +ENDED");
        assertThat(list.outLines().get(1)).matches("s1 +shop +RUNNING +1000/s +20s +2 +2026-11-28T01:02:03Z +-");
        Cli.Result nodes = Cli.run("nodes", "list", "--api", api.url());
        assertThat(nodes.outLines().get(1)).matches("n1 +n1 +DRAINED +yes +4000/s +2 +http://127.0.0.1:8080 +127.0.0.1:5701 +0.1.0");
        Cli.Result cluster = Cli.run("cluster", "status", "--api", api.url());
        assertThat(cluster.out()).contains("members:    2 (n1, n2)", "quorum:     present (needs 2)", "sessions:   3 (1 running)");
    }

    @Test
    void jsonPrintsTheApiJsonUnchanged() {
        Cli.Result r = Cli.run("sessions", "show", "s1", "--json", "--api", api.url());
        assertThat(JsonParser.parseString(r.out())).isEqualTo(JsonParser.parseString(SESSION));
    }

    @Test
    void createSendsRunsSpecWithTargetsExpandedOrAJsonFileAsItIs(@TempDir Path dir) throws Exception {
        Cli.Result r = Cli.run("sessions", "create", "--api", api.url(), "--rps", "1000", "-t", "20S", "--name", "shop",
                "-H", "X-Test: 1", "--threshold", "p99 < 200ms", "http://127.0.0.1:9/ POST a=1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(api.last().line()).isEqualTo("POST /api/v1/sessions");
        JsonObject sent = JsonParser.parseString(api.last().body()).getAsJsonObject();
        assertThat(sent.get("rps").getAsDouble()).isEqualTo(1000);
        assertThat(sent.get("duration").getAsString()).isEqualTo("20s");
        assertThat(sent.getAsJsonArray("targets").get(0).getAsJsonObject().get("method").getAsString()).isEqualTo("POST");
        assertThat(sent.getAsJsonArray("targets").get(0).getAsJsonObject().getAsJsonObject("headers").get("X-Test")
                .getAsString()).isEqualTo("1");
        assertThat(r.out()).startsWith("created session s1\n");

        Files.writeString(dir.resolve("urls.txt"), "BASE=http://127.0.0.1:9\n$(BASE)/a\n$(BASE)/b\n", StandardCharsets.UTF_8);
        assertThat(Cli.run("sessions", "create", "--api", api.url(), "--rps", "10", "-f", dir.resolve("urls.txt").toString())
                .exit()).isZero();
        JsonObject fromFile = JsonParser.parseString(api.last().body()).getAsJsonObject();
        assertThat(fromFile.has("urlsFile")).isFalse();
        assertThat(fromFile.getAsJsonArray("targets")).hasSize(2);

        String spec = "{\"name\":\"file\",\"targets\":[{\"url\":\"http://127.0.0.1:9/\"}],\"rps\":5,\"duration\":\"1s\"}";
        Files.writeString(dir.resolve("spec.json"), spec, StandardCharsets.UTF_8);
        assertThat(Cli.run("sessions", "create", "--api", api.url(), "-f", dir.resolve("spec.json").toString()).exit()).isZero();
        assertThat(api.last().body()).isEqualTo(spec);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sessions create {api} --rps 10 -c 5 http://127.0.0.1:9/|siegegrid: -c: conflicts with --rps",
            "sessions create {api} --rps 10|siegegrid: URL: no URL",
            "sessions update {api} s1|siegegrid: nothing to update",
            "sessions update {api} s1 --rps -1 -t soon -n many|siegegrid: --rps: must be a positive number: -1.0; -n: not a whole number",
            "nodes cap {api} n1 -5|siegegrid: RPS: must be a number >= 0",
            "sessions show {api}|siegegrid: Missing required parameter: 'ID'",
            "sessions|siegegrid: missing subcommand"})
    void badInputIsExit2WithoutACall(String command, String start) {
        Cli.Result r = Cli.run(command.replace("{api}", "--api " + api.url()).split(" "));
        System.out.println("$ siegegrid " + command + " -> " + r.exit() + ": " + r.err().strip());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith(start);
        assertThat(r.errLines()).hasSize(1);
        assertThat(api.requests).isEmpty();
    }

    @Test
    void aJsonSpecFileTakesNoSpecFlags(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("s.json"), "{\"rps\":1}", StandardCharsets.UTF_8);
        Cli.Result r = Cli.run("sessions", "create", "--api", api.url(), "-f", dir.resolve("s.json").toString(),
                "--rps", "5", "-t", "1S");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("is a JSON spec and holds the whole session; leave out -t, --rps");
    }

    @Test
    void createHasEverySpecFlagOfRun() {
        CommandLine cl = Main.commandLine(System.out, System.err);
        Set<String> run = names(cl.getSubcommands().get("run"));
        Set<String> create = names(cl.getSubcommands().get("sessions").getSubcommands().get("create"));
        run.removeAll(Set.of("-v", "--verbose", "-q", "--quiet", "-j", "--json-output", "--api", "--token"));
        // siege's own flags that only run has (one request, the log file, its resource file, -C; --no-parser a no-op)
        // and run's local report page: no spec in them
        run.removeAll(Set.of("-C", "--config", "-g", "--get", "-p", "--print", "-l", "--log", "-m", "--mark", "-R",
                "--rc", "--no-parser", "--html"));
        create.removeAll(Set.of("--json", "--api", "--token"));
        assertThat(create).isEqualTo(run);
    }

    private static Set<String> names(CommandLine cl) {
        Set<String> s = new TreeSet<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            s.addAll(java.util.List.of(o.names()));
        }
        return s;
    }
}
