package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siegegrid.web.target.TargetOptions;
import org.siegegrid.web.target.TargetServer;

/**
 * {@code run --api n1,n2} against two REAL nodes of one cluster in this JVM and the real sink: n1's API
 * goes away mid-run (its node keeps sending its share), and the run follows its session through n2 to
 * the end and prints the report the cluster stored, which matches the sink.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RemoteRunNodeFailoverTest {
    @TempDir
    Path reports;

    static ConditionFactory await(Duration atMost) {
        return Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100)).pollInSameThread();
    }

    @Test
    void theRunFollowsItsSessionThroughTheSecondNodeWhenTheFirstOneGoesAway() throws Exception {
        TargetServer sink = new TargetServer(TargetOptions.defaults()).start();
        try (ClusterFixture cluster = new ClusterFixture(reports)) {
            ClusterFixture.Node n1 = cluster.start("n1", null);
            ClusterFixture.Node n2 = cluster.start("n2", null);
            await(Duration.ofSeconds(20)).until(() -> members(n1) == 2 && members(n2) == 2);
            String url1 = n1.url();
            String url2 = n2.url();

            // a look-up after a lost create recognises the session by its spec as a node lists it
            String sent = RemoteSpec.json(RemoteSpec.assemble(new RunFlags(List.of("http://127.0.0.1:9/"), null, null,
                    null, "1S", null, false, false, List.of("X-Run: 1"), null, null, 1.0, null, null, null, null,
                    List.of("p99 < 200ms"), "lookup"), null));
            ApiClient api = ApiClient.of(n2.url(), null);
            String id = JsonFields.str(api.postOnce(SessionsCommand.BASE, sent).json(), "id");
            JsonObject listed = JsonFields.objects(api.get(SessionsCommand.BASE).json(), "sessions").stream()
                    .filter(s -> id.equals(JsonFields.str(s, "id"))).findFirst().orElseThrow();
            assertThat(listed.get("spec")).isEqualTo(RemoteCreate.canonical(sent));

            sink.reset();
            CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run("run", "--api",
                    url1 + "," + url2, "--rps", "300", "-t", "5S", "-j", sink.url()));
            await(Duration.ofSeconds(20)).until(() -> sink.requests() >= 300);
            long closedAt = sink.requests();
            n1.api().close();
            Cli.Result r = run.get(60, TimeUnit.SECONDS);
            System.out.println("run --api n1,n2, n1's API closed after " + closedAt + " requests: exit " + r.exit() + ", "
                    + r.millis() + " ms\n" + r.err());
            assertThat(r.exit()).as(r.err()).isZero();
            List<String> switched = r.errLines().stream().filter(l -> l.startsWith("api: ")).toList();
            assertThat(switched).hasSize(1);
            assertThat(switched.get(0)).matches("api: " + url1 + " unreachable \\(.*\\), following session \\S+"
                    + " through " + url2);

            JsonObject report = JsonParser.parseString(r.out()).getAsJsonObject();
            long reported = JsonFields.count(report, "transactions") + JsonFields.count(report, "failed_transactions");
            long atSink = sink.requests();
            System.out.printf("report %d, sink %d%n", reported, atSink);
            assertThat(reported).isEqualTo(atSink);
            assertThat(atSink).isBetween(1450L, 1550L);
        } finally {
            sink.close();
        }
    }

    private static int members(ClusterFixture.Node n) {
        Cli.Result r = Cli.run("cluster", "status", "--json", "--api", n.url());
        return r.exit() == 0 ? JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("members").size() : 0;
    }
}
