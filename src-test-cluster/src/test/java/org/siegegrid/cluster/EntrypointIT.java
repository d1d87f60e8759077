package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.grid.MemberTrust;

/**
 * The image's entrypoint (docker/entrypoint.sh) started as the image starts it, with no argument but
 * {@code serve} and nothing but environment variables: --bind 0.0.0.0 (the image's default) and a public
 * address on 127.0.0.49 / 127.0.0.50, the token and the secret from {@code *_FILE} files for one node and
 * direct variables for the other, JAVA_OPTS; one node joins by member list, the other by DNS discovery
 * (the {@code name:port} entries are IP literals here), which must skip its own public address. Two such nodes form one cluster with two distinct, generated
 * ids (each kept in its reports dir, as in its container's volume), each a JVM started through bin/siegegrid with
 * its flags.
 */
class EntrypointIT {

    private static final String SECRET = "entrypoint-secret-0123456789";
    private static final String TOKEN = "entrypoint-token-0123456789";

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void twoNodesFromEnvironmentVariablesOnlyFormOneClusterWithTwoIds() throws Exception {
        Path work = Files.createTempDirectory("siegegrid-entrypoint-");
        Path tokenFile = Files.writeString(work.resolve("api_token"), TOKEN + "\n");          // as a secret file is
        Path secretFile = Files.writeString(work.resolve("cluster_secret"), SECRET + "\n");
        String cluster = "ep-" + UUID.randomUUID().toString().substring(0, 8);
        int[] ports = Http.freePorts(4);
        String[] ips = {"127.0.0.49", "127.0.0.50"};
        String members = ips[0] + ":" + ports[0] + "," + ips[1] + ":" + ports[1];
        Path entrypoint = DockerFiles.file("entrypoint.sh");
        try (Procs procs = new Procs(Procs.jar(), Procs.logs().resolve("entrypoint"))) {
            long t0 = System.nanoTime();
            Procs.Proc[] nodes = new Procs.Proc[2];
            for (int i = 0; i < 2; i++) {
                Map<String, String> env = new HashMap<>();
                env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
                env.put("HOME", work.toString());
                env.put("SIEGEGRID_JAR", Procs.jar().toString());
                env.put("JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC");
                env.put("SIEGEGRID_CLUSTER_NAME", cluster);
                env.put("SIEGEGRID_BIND", "0.0.0.0");
                env.put("SIEGEGRID_PORT", Integer.toString(ports[i]));
                env.put("SIEGEGRID_PUBLIC_ADDRESS", ips[i] + ":" + ports[i]);
                env.put("SIEGEGRID_API_PORT", Integer.toString(ports[2 + i]));
                if (i == 0) {
                    env.put("SIEGEGRID_MEMBERS", members);
                } else {
                    // the Swarm / Kubernetes way: DNS discovery (here literal name:port entries) with bind 0.0.0.0
                    env.put("SIEGEGRID_DISCOVERY_DNS", members);
                }
                env.put("SIEGEGRID_QUORUM", "majority");
                env.put("SIEGEGRID_REPORTS_DIR", work.resolve("node" + i).toString());
                if (i == 0) {
                    env.put("SIEGEGRID_API_TOKEN_FILE", tokenFile.toString());
                    env.put("SIEGEGRID_CLUSTER_SECRET_FILE", secretFile.toString());
                } else {
                    env.put("SIEGEGRID_API_TOKEN", TOKEN);
                    env.put("SIEGEGRID_CLUSTER_SECRET", SECRET);
                }
                nodes[i] = procs.startCommand("node" + i, List.of("sh", entrypoint.toString(), "serve"), env, work);
            }
            String[] apis = {"http://" + ips[0] + ":" + ports[2], "http://" + ips[1] + ":" + ports[3]};
            Set<String> ids = new TreeSet<>();
            Fleet.await(Duration.ofSeconds(90)).until(() -> {
                for (Procs.Proc p : nodes) {
                    if (!p.process().isAlive()) {
                        throw new IllegalStateException(p.name() + " exited " + p.process().exitValue() + ":\n" + p.output());
                    }
                }
                ids.clear();
                for (String api : apis) {
                    Http.Answer a = Http.get(api + "/api/v1/cluster");
                    if (a.status() != 200) {
                        return false;
                    }
                    a.json().getAsJsonArray("members").forEach(m -> ids.add(m.getAsString()));
                }
                return ids.size() == 2 && Http.get(apis[0] + "/api/v1/cluster").json().getAsJsonArray("members").size() == 2
                        && Http.get(apis[1] + "/api/v1/cluster").json().getAsJsonArray("members").size() == 2;
            });
            long joined = System.nanoTime();
            Set<String> kept = new TreeSet<>();
            for (int i = 0; i < 2; i++) {
                kept.add(Files.readString(work.resolve("node" + i).resolve("node.id")).strip());
            }
            assertThat(kept).as("each node generated its own id and kept it").isEqualTo(ids);
            String hzName = MemberTrust.of(SECRET, cluster).hazelcastClusterName();
            assertThat(nodes[0].output()).as("the log names the Hazelcast cluster name for Management Center")
                    .contains(hzName);
            for (Procs.Proc p : nodes) {
                // sh entrypoint.sh -> exec sh bin/siegegrid -> exec java: the started process is the JVM (a stop
                // signal reaches it) and it runs with the launcher's flags plus the container heap
                List<String> jvm = List.of(Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"))
                        .split("\0"));
                assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "exe")).toString())
                        .as(p.name()).endsWith("/bin/java");
                assertThat(jvm).as(p.name()).contains("-XX:+ExitOnOutOfMemoryError", "-Dsun.net.inetaddr.ttl=5",
                        "--add-modules", "java.se", "java.base/java.lang=ALL-UNNAMED", "java.base/sun.nio.ch=ALL-UNNAMED",
                        "-XX:MaxRAMPercentage=75", "-Xmx384m").doesNotContain("-XX:TieredStopAtLevel=1");
                assertThat(jvm.subList(jvm.size() - 3, jvm.size())).isEqualTo(List.of("-jar", Procs.jar().toString(),
                        "serve"));
                assertThat(p.output()).as("Hazelcast has the module access it asks for")
                        .doesNotContain("Java modular environment");
            }
            Fleet.await(Duration.ofSeconds(20)).until(() -> Http.get(apis[0] + "/health/ready").status() == 200);
            assertThat(Http.get(apis[1] + "/health").status()).isEqualTo(200);

            String id0 = Files.readString(work.resolve("node0").resolve("node.id")).strip();
            assertThat(Http.post(apis[0] + "/api/v1/nodes/" + id0 + "/drain", "{}").status())
                    .as("beyond loopback a change needs the token").isEqualTo(401);
            assertThat(withToken(apis[0] + "/api/v1/nodes/" + id0 + "/drain")).as("the token read from its _FILE")
                    .isEqualTo(200);
            assertThat(withToken(apis[0] + "/api/v1/nodes/" + id0 + "/activate")).isEqualTo(200);
            System.out.printf("entrypoint: two nodes from env vars only (bind 0.0.0.0, public %s and %s) one cluster"
                    + " %.1f s after start, ids %s, Hazelcast cluster name %s%n", ips[0], ips[1],
                    (joined - t0) / 1e9, ids, hzName);
        }
    }

    private static int withToken(String url) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
