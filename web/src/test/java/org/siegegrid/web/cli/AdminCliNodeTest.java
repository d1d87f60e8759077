package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siegegrid.web.target.TargetOptions;
import org.siegegrid.web.target.TargetServer;

/**
 * Every admin command against REAL nodes over HTTP: two nodes of one cluster in this JVM with their
 * REST APIs (n2's with a bearer token), and the real sink. The CLI runs in-process ({@link Cli}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminCliNodeTest {
    static final String TOKEN = "t0k-" + Long.toHexString(System.nanoTime());

    @TempDir
    static Path reports;   // static: an instance field is not set yet in @BeforeAll (the nodes had no reports dir)
    private ClusterFixture cluster;
    private TargetServer sink;
    private String n1;
    private String n2;

    @BeforeAll
    void start() {
        sink = new TargetServer(TargetOptions.defaults()).start();
        cluster = new ClusterFixture(reports);
        n1 = cluster.start("n1", null).url();
        n2 = cluster.start("n2", TOKEN).url();
        await(Duration.ofSeconds(20)).until(() -> cli("cluster", "status", "--json", "--api", n1).exit() == 0
                && json(cli("cluster", "status", "--json", "--api", n2)).getAsJsonArray("members").size() == 2
                && json(cli("nodes", "list", "--json", "--api", n1)).getAsJsonArray("nodes").size() == 2);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (sink != null) {
            sink.close();
        }
    }

    static ConditionFactory await(Duration atMost) {
        return Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100)).pollInSameThread();
    }

    static Cli.Result cli(String... args) {
        return Cli.run(args);
    }

    /** Runs a command that must succeed; prints it. */
    static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        System.out.println("$ siegegrid " + String.join(" ", args) + "  -> " + r.exit() + " (" + r.millis() + " ms)\n"
                + r.out() + r.err());
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    static JsonObject json(Cli.Result r) {
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    private JsonObject session(String id) {
        return json(cli("sessions", "show", id, "--json", "--api", n1));
    }

    private JsonObject entry(String sessionId, String node) {
        JsonObject s = session(sessionId);
        for (JsonElement e : s.getAsJsonObject("board").getAsJsonArray("nodes")) {
            if (e.getAsJsonObject().get("id").getAsString().equals(node)) {
                return e.getAsJsonObject();
            }
        }
        return null;
    }

    private String create(String... flags) {
        String[] args = new String[flags.length + 6];
        args[0] = "sessions";
        args[1] = "create";
        args[2] = "--api";
        args[3] = n1;
        args[4] = "--json";
        System.arraycopy(flags, 0, args, 5, flags.length);
        args[args.length - 1] = sink.url();
        return json(ok(args)).get("id").getAsString();
    }

    private void awaitState(String id, String state) {
        await(Duration.ofSeconds(20)).until(() -> session(id).get("state").getAsString().equals(state));
    }

    @Test
    void clusterStatusAndNodeList() {
        Cli.Result status = ok("cluster", "status", "--api", n1);
        assertThat(status.out()).contains("members:    2 (n1, n2)", "quorum:     present (needs 1)");
        Cli.Result nodes = ok("nodes", "list", "--api", n2);
        assertThat(nodes.outLines()).hasSize(3);
        assertThat(nodes.outLines().get(1)).matches("n1 +n1 +ACTIVE +yes +auto +\\d+ +http://127\\.0\\.0\\.1:\\d+/ +.*");
    }

    @Test
    void capDrainActivateANode() {
        assertThat(ok("nodes", "cap", "n2", "500", "--api", n1).out()).contains("500/s");
        assertThat(json(ok("nodes", "cap", "n2", "0", "--json", "--api", n1)).get("capacityRps").getAsDouble()).isZero();
        assertThat(ok("nodes", "drain", "n2", "--api", n1).outLines().get(1)).contains("DRAINED");
        assertThat(ok("nodes", "list", "--api", n2).out()).containsPattern("n2 +n2 +DRAINED");
        assertThat(ok("nodes", "activate", "n2", "--api", n1).outLines().get(1)).contains("ACTIVE");
        Cli.Result unknown = cli("nodes", "drain", "nope", "--api", n1);
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.errLines()).containsExactly("siegegrid: 404 not_found: id: no node nope");
    }

    @Test
    void aSessionFromCreateToDelete() throws java.io.IOException {
        String id = create("--rps", "200", "-t", "30S", "--name", "life");
        awaitState(id, "RUNNING");
        assertThat(ok("sessions", "list", "--api", n2).out()).containsPattern(id + " +life +RUNNING +200/s +30s +1 ");
        await(Duration.ofSeconds(10)).until(() -> session(id).getAsJsonObject("board").getAsJsonArray("nodes").size() == 2);
        Cli.Result show = ok("sessions", "show", id, "--api", n1);
        assertThat(show.out()).contains("state:          RUNNING", "load:           200/s", "whiteboard round");
        assertThat(show.outLines()).anySatisfy(l -> assertThat(l).startsWith("n1 "))
                .anySatisfy(l -> assertThat(l).startsWith("n2 "));

        Cli.Result upd = ok("sessions", "update", id, "--rps", "300", "-n", "100000", "--api", n1);
        assertThat(upd.out()).isEqualTo("session " + id + " updated to version 2: 300/s, limit 30s or 100000 requests\n");
        await(Duration.ofSeconds(10)).until(() -> {
            JsonObject b = session(id).getAsJsonObject("board");
            return b.get("targetRps").getAsDouble() == 300;
        });
        Cli.Result early = cli("sessions", "report", id, "--api", n1);
        assertThat(early.exit()).isEqualTo(2);
        assertThat(early.err()).startsWith("siegegrid: 409 conflict: ");
        Cli.Result busy = cli("sessions", "delete", id, "--api", n1);
        assertThat(busy.exit()).isEqualTo(2);
        assertThat(busy.err()).startsWith("siegegrid: 409 conflict: ");

        assertThat(ok("sessions", "stop", id, "--api", n1).out()).matches("session " + id + ": (STOPPING|FINISHED)\n");
        awaitState(id, "FINISHED");
        Cli.Result again = cli("sessions", "stop", id, "--api", n1);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.errLines()).singleElement().asString().startsWith("siegegrid: 409 conflict: ");
        assertThat(ok("sessions", "report", id, "--api", n1).out()).contains("Transactions:", "Availability:");
        JsonObject report = json(ok("sessions", "report", id, "--format", "json", "--api", n1));
        assertThat(report.get("transactions").getAsLong()).isPositive();
        // every format the API serves, the HTML page and the CSV series too (html was refused: "expected one of
        // [SIEGE, JSON]"), to stdout or to a file
        String csv = ok("sessions", "report", id, "--format", "csv", "--api", n1).out();
        assertThat(csv).startsWith(org.siegegrid.core.report.ReportCsv.HEADER + "\r\n");
        assertThat(csv.lines().count() - 1).isEqualTo(report.getAsJsonArray("series").size());
        java.nio.file.Path page = reports.resolve("report.html");
        assertThat(ok("sessions", "report", id, "--format", "html", "-o", page.toString(), "--api", n1).out())
                .startsWith("report of " + id + " written to " + page);
        assertThat(java.nio.file.Files.readString(page)).startsWith("<!doctype html>")
                .contains("<h2>Summary</h2>", "Transactions", "<polyline").doesNotContain("<script")
                .as("the CLI's page = the reports dir's").isEqualTo(java.nio.file.Files.readString(reports.resolve(id + ".html")));
        assertThat(ok("sessions", "delete", id, "--api", n1).out()).isEqualTo("session " + id + " deleted\n");
        for (String suffix : org.siegegrid.core.node.ReportFiles.SUFFIXES) {
            assertThat(reports.resolve(id + suffix)).as("removed with the session: " + suffix).doesNotExist();
        }
        Cli.Result gone = cli("sessions", "show", id, "--api", n1);
        assertThat(gone.exit()).isEqualTo(2);
        assertThat(gone.err()).startsWith("siegegrid: 404 not_found: ");
    }

    @Test
    void drainingANodeMovesItsShareToTheOther() {
        String id = create("--rps", "400", "-t", "30S");
        await(Duration.ofSeconds(15)).until(() -> {
            JsonObject e1 = entry(id, "n1");
            JsonObject e2 = entry(id, "n2");
            return e1 != null && e2 != null && e1.get("shareRps").getAsDouble() > 0 && e2.get("shareRps").getAsDouble() > 0;
        });
        System.out.println("before drain: " + session(id).getAsJsonObject("board"));
        long t0 = System.nanoTime();
        ok("nodes", "drain", "n1", "--api", n2, "--token", TOKEN);
        try {
            await(Duration.ofSeconds(10)).until(() -> entry(id, "n1").get("shareRps").getAsDouble() == 0
                    && Math.abs(entry(id, "n2").get("shareRps").getAsDouble() - 400) < 0.5);
            System.out.printf("drain: n2 holds 400/s after %d ms: %s%n", (System.nanoTime() - t0) / 1_000_000,
                    session(id).getAsJsonObject("board"));
        } finally {
            ok("nodes", "activate", "n1", "--api", n1);
            ok("sessions", "stop", id, "--api", n1);
        }
        await(Duration.ofSeconds(10)).until(() -> entry(id, "n1") == null || entry(id, "n1").get("drained").getAsBoolean()
                || session(id).get("state").getAsString().equals("FINISHED"));
    }

    @Test
    void aNodeWithATokenRefusesChangesWithoutItButAnswersReads() {
        Cli.Result denied = cli("nodes", "cap", "n1", "100", "--api", n2);
        assertThat(denied.exit()).isEqualTo(2);
        assertThat(denied.errLines()).singleElement().asString()
                .startsWith("siegegrid: 401 unauthorized: ").endsWith("(give --token or set SIEGEGRID_API_TOKEN)");
        Cli.Result wrong = cli("nodes", "cap", "n1", "100", "--api", n2, "--token", "wrong");
        assertThat(wrong.exit()).isEqualTo(2);
        ok("nodes", "list", "--api", n2);
        ok("nodes", "cap", "n1", "0", "--api", n2, "--token", TOKEN);
    }

    @Test
    void runApiRunsOnTheClusterAndItsReportMatchesTheSink() {
        sink.reset();
        Cli.Result r = ok("run", "--api", n1, "--rps", "500", "-t", "4S", "--threshold", "errors < 1%", sink.url());
        long sinkCount = sink.stats().requests();
        String transactions = r.outLines().stream().filter(l -> l.startsWith("Transactions:")).findFirst().orElseThrow();
        long reported = Long.parseLong(transactions.replaceAll("\\D+", ""));
        double diff = 100.0 * Math.abs(reported - sinkCount) / sinkCount;
        System.out.printf("run --api --rps 500 -t 4S: report %d, sink %d (%.2f %% apart), %d ms%n", reported, sinkCount,
                diff, r.millis());
        assertThat(sinkCount).isBetween(1900L, 2100L);
        assertThat(diff).isLessThanOrEqualTo(0.5);
        assertThat(r.errLines().stream().filter(l -> l.startsWith("[")).count()).isGreaterThanOrEqualTo(2);
        assertThat(r.err()).contains("** SiegeGrid: session ", "The server is now under siege...");
    }

    @Test
    void runApiFailedThresholdIsExit1WithTheVerdictAndJson() {
        Cli.Result r = cli("run", "--api", n1, "--rps", "200", "-t", "2S", "-q", "-j", "--threshold", "p99 < 1us",
                sink.url());
        System.out.println("run --api -j failing threshold -> " + r.exit() + "\n" + r.err());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(JsonParser.parseString(r.out()).getAsJsonObject().get("transactions").getAsLong()).isPositive();
        assertThat(r.err()).containsPattern("threshold FAILED: p99 < 1us \\(measured \\d+\\.\\d\\d ms\\)");
        assertThat(r.errLines().stream().filter(l -> l.startsWith("["))).isEmpty();
    }

    @Test
    void runApiAbortOnFailStopsTheSessionAtTheFailingThreshold() {
        Cli.Result r = cli("run", "--api", n1, "--rps", "200", "-t", "30S", "-q", "--threshold", "p99 < 1us",
                "--abort-on-fail", "--abort-grace", "1s", sink.url());
        System.out.println("run --api --abort-on-fail -> " + r.exit() + " in " + r.millis() + " ms\n" + r.err());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.millis()).as("of a 30 s session").isLessThan(10_000L);
        assertThat(r.err()).containsPattern(
                "siegegrid aborted: threshold failed: p99 < 1us \\(measured \\d+\\.\\d\\d ms\\) \\(--abort-on-fail\\)");
        assertThat(r.out()).containsPattern("Threshold:\\s+FAILED  p99 < 1us \\(measured \\d+\\.\\d\\d ms\\)");
    }

    @Test
    void runApiBadInputIsExit2() {
        Cli.Result local = cli("run", "--api", n1, "--rps", "200", "-c", "5", sink.url());
        assertThat(local.exit()).isEqualTo(2);
        assertThat(local.err()).startsWith("siegegrid: -c: conflicts with --rps");
        // valid here, refused by the node: its targets.allow is 127.0.0.1 only
        Cli.Result server = cli("run", "--api", n1, "--rps", "200", "-t", "1S", "http://localhost:9/x");
        System.out.println("server-side rejection: " + server.err());
        assertThat(server.exit()).isEqualTo(2);
        assertThat(server.errLines()).singleElement().asString().startsWith("siegegrid: 400 invalid: targets");
        assertThat(server.out()).isEmpty();
    }

    @Test
    void ctrlCOnRunApiStopsTheSessionAndPrintsTheSummary(@TempDir Path dir) throws Exception {
        sink.reset();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", "--api", n1, "--rps", "200", sink.url()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null")).start();
        try {
            await(Duration.ofSeconds(20)).until(() -> sink.requests() >= 300);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
            long t0 = System.nanoTime();
            assertThat(p.waitFor(15, TimeUnit.SECONDS)).as("exits after SIGINT").isTrue();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String text = Files.readString(out, StandardCharsets.UTF_8);
            String progress = Files.readString(err, StandardCharsets.UTF_8);
            System.out.println("run --api, SIGINT: exit " + p.exitValue() + " " + ms + " ms after the signal, sink "
                    + sink.requests() + "\n" + progress + text);
            assertThat(p.exitValue()).isZero();
            assertThat(text).contains("Transactions:");
            assertThat(progress).contains("Lifting the server siege...");
            String id = progress.replaceAll("(?s).*session (\\w+) on .*", "$1");
            assertThat(session(id).get("state").getAsString()).isEqualTo("FINISHED");
            long atEnd = sink.requests();
            assertThat(Cli.run("sessions", "list", "--api", n1).exit()).isZero();
            assertThat(sink.requests()).as("nothing sent after the end").isEqualTo(atEnd);
        } finally {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void removeMakesANodeLeaveTheCluster() {
        ClusterFixture.Node n3 = cluster.start("n3", null);
        await(Duration.ofSeconds(20)).until(() -> json(cli("cluster", "status", "--json", "--api", n1))
                .getAsJsonArray("members").size() == 3);
        assertThat(ok("nodes", "remove", "n3", "--api", n1).out()).isEqualTo("node n3 is leaving the cluster\n");
        await(Duration.ofSeconds(20)).until(() -> n3.node().closed()
                && json(cli("cluster", "status", "--json", "--api", n1)).getAsJsonArray("members").size() == 2);
        n3.api().close();
        cluster.nodes.remove("n3");
    }
}
