package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.siegegrid.cluster.DockerFiles.get;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.siegegrid.core.grid.MemberTrust;
import org.siegegrid.core.node.SettingsLoader;

/**
 * docker-compose.yml, stack.yml and k8s/*.yaml parsed as YAML and checked for what an operator relies on:
 * unique node ids, the quorum, DNS discovery, secrets, probes, the graceful stop; and every SIEGEGRID_*
 * variable they set is one that `serve` (or the entrypoint) reads.
 */
class DeploymentFilesTest {

    /**
     * Not settings: what the entrypoint and the launcher read besides them (PUBLIC_PREFIX, JAR, JIT), the log
     * level, and the stack file's own interpolation variables (IMAGE, API_PUBLISHED). {@code SIEGEGRID_<KEY>_FILE}
     * counts as its key.
     */
    private static final Set<String> NOT_SETTINGS = Set.of("SIEGEGRID_PUBLIC_PREFIX", "SIEGEGRID_JAR",
            "SIEGEGRID_JIT", "SIEGEGRID_LOG_LEVEL", "SIEGEGRID_IMAGE", "SIEGEGRID_API_PUBLISHED");

    @Test
    void composeRunsThreeNodesWithTheirOwnIdsTheSinkAndManagementCenter() throws IOException {
        Map<String, Object> compose = DockerFiles.yaml("docker-compose.yml").get(0);
        Map<String, Object> services = get(compose, "services");
        List<String> nodes = services.keySet().stream().filter(s -> s.startsWith("node")).sorted().toList();
        assertThat(nodes).containsExactly("node1", "node2", "node3");
        Set<Object> ids = new TreeSet<>();
        for (String n : nodes) {
            Map<String, Object> env = get(services, n, "environment");
            ids.add(env.get("SIEGEGRID_NODE_ID"));
            assertThat(env).containsEntry("SIEGEGRID_BIND", "0.0.0.0").containsEntry("SIEGEGRID_QUORUM", "majority")
                    .containsEntry("SIEGEGRID_PUBLIC_ADDRESS", n + ":5701")
                    .containsKeys("SIEGEGRID_API_TOKEN", "SIEGEGRID_CLUSTER_SECRET");
            assertThat((String) env.get("SIEGEGRID_MEMBERS")).isEqualTo("node1:5701,node2:5701,node3:5701");
            assertThat((String) get(services, n, "stop_signal")).isEqualTo("SIGTERM");
        }
        assertThat(ids).hasSize(3);
        assertThat((List<String>) get(services, "target", "command")).startsWith("target");
        Map<String, Object> mc = get(services, "management-center", "environment");
        assertThat((String) get(services, "management-center", "image")).contains("hazelcast/management-center");
        assertThat(mc).containsKeys("MC_DEFAULT_CLUSTER");
        assertThat((String) mc.get("MC_DEFAULT_CLUSTER_MEMBERS")).isEqualTo("node1:5701,node2:5701,node3:5701");
    }

    @Test
    void theExampleEnvFileGivesManagementCenterTheDerivedClusterName() throws IOException {
        Map<String, String> env = Files.readAllLines(DockerFiles.file("env.example")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        assertThat(env.get("SIEGEGRID_CLUSTER_SECRET")).hasSizeGreaterThanOrEqualTo(16);
        assertThat(env.get("MC_CLUSTER_NAME")).isEqualTo(MemberTrust.of(env.get("SIEGEGRID_CLUSTER_SECRET"),
                env.get("SIEGEGRID_CLUSTER_NAME")).hazelcastClusterName());
    }

    @Test
    void theSwarmStackDiscoversTasksOnAnEncryptedOverlayAndUpdatesOneAtATime() throws IOException {
        Map<String, Object> stack = DockerFiles.yaml("stack.yml").get(0);
        Map<String, Object> services = get(stack, "services");
        assertThat(services).hasSize(1);
        String name = services.keySet().iterator().next();
        Map<String, Object> svc = get(services, name);
        Map<String, Object> env = get(svc, "environment");
        assertThat(env).containsEntry("SIEGEGRID_DISCOVERY_DNS", "tasks." + name)
                .containsEntry("SIEGEGRID_BIND", "0.0.0.0").containsEntry("SIEGEGRID_QUORUM", "majority")
                .containsKeys("SIEGEGRID_API_TOKEN_FILE", "SIEGEGRID_CLUSTER_SECRET_FILE", "SIEGEGRID_PUBLIC_PREFIX")
                .doesNotContainKey("SIEGEGRID_NODE_ID");
        assertThat((Integer) get(svc, "deploy", "replicas")).isGreaterThanOrEqualTo(3);
        assertThat((Integer) get(svc, "deploy", "update_config", "parallelism")).isEqualTo(1);
        assertThat((String) get(svc, "deploy", "update_config", "failure_action")).isEqualTo("rollback");
        assertThat((String) get(svc, "deploy", "update_config", "order")).as("the new task joins before the old leaves")
                .isEqualTo("start-first");
        assertThat((String) get(svc, "deploy", "rollback_config", "order")).isEqualTo("start-first");
        assertThat((String) get(svc, "deploy", "restart_policy", "condition")).as("a task that died (OOM) comes back")
                .isEqualTo("any");
        assertThat((String) get(svc, "deploy", "restart_policy", "delay")).isNotBlank();
        assertThat((String) get(svc, "stop_signal")).isEqualTo("SIGTERM");
        assertThat((Integer) get(svc, "ports", 0, "target")).isEqualTo(8080);
        String network = ((List<String>) get(svc, "networks")).get(0);
        assertThat((String) get(stack, "networks", network, "driver")).isEqualTo("overlay");
        assertThat((String) get(stack, "networks", network, "driver_opts", "encrypted")).isEqualTo("true");
        String subnet = get(stack, "networks", network, "ipam", "config", 0, "subnet");
        String prefix = (String) env.get("SIEGEGRID_PUBLIC_PREFIX");
        assertThat(subnet).as("the public prefix picks the overlay address").startsWith(prefix).endsWith("0/24");
        assertThat((List<String>) get(svc, "secrets")).containsExactlyInAnyOrder("siegegrid_api_token",
                "siegegrid_cluster_secret");
        assertThat((String) env.get("SIEGEGRID_API_TOKEN_FILE")).isEqualTo("/run/secrets/siegegrid_api_token");
    }

    @Test
    void kubernetesRunsAStatefulSetWithHeadlessDiscoveryProbesAndAGracefulStop() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.list(DockerFiles.file("k8s"))) {
            for (java.nio.file.Path f : files.sorted().toList()) {
                for (Map<String, Object> d : DockerFiles.yaml("k8s/" + f.getFileName())) {
                    assertThat(d).as(f + ": a Kubernetes object").containsKeys("apiVersion", "kind", "metadata");
                    assertThat((String) get(d, "metadata", "name")).isNotBlank();
                    docs.add(d);
                }
            }
        }
        Map<String, Object> sts = only(docs, "StatefulSet");
        Map<String, Object> headless = docs.stream().filter(d -> d.get("kind").equals("Service")
                && "None".equals(get(d, "spec", "clusterIP"))).findFirst().orElseThrow();
        assertThat((Boolean) get(headless, "spec", "publishNotReadyAddresses")).isTrue();
        String headlessName = get(headless, "metadata", "name");
        assertThat((String) get(sts, "spec", "serviceName")).isEqualTo(headlessName);
        assertThat(docs.stream().filter(d -> d.get("kind").equals("Service"))).hasSize(2);
        assertThat((Object) get(only(docs, "PodDisruptionBudget"), "spec", "maxUnavailable")).isEqualTo(1);

        Map<String, Object> pod = get(sts, "spec", "template", "spec");
        assertThat((Integer) pod.get("terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(20);
        assertThat((Boolean) get(pod, "securityContext", "runAsNonRoot")).isTrue();
        Map<String, Object> c = get(pod, "containers", 0);
        assertThat((String) get(c, "readinessProbe", "httpGet", "path")).isEqualTo("/health/ready");
        assertThat((String) get(c, "livenessProbe", "httpGet", "path")).isEqualTo("/health");
        assertThat((Object) get(c, "lifecycle", "preStop")).isNotNull();
        Map<String, Object> env = ((List<Map<String, Object>>) c.get("env")).stream()
                .collect(Collectors.toMap(e -> (String) e.get("name"), e -> e.containsKey("value") ? e.get("value")
                        : e.get("valueFrom")));
        assertThat(env).containsEntry("SIEGEGRID_DISCOVERY_DNS", headlessName)
                .containsEntry("SIEGEGRID_BIND", "0.0.0.0").containsEntry("SIEGEGRID_NODE_ID", "$(POD_NAME)")
                .containsEntry("SIEGEGRID_PUBLIC_ADDRESS", "$(POD_IP):5701").containsEntry("SIEGEGRID_QUORUM", "majority");
        assertThat((Object) get(env.get("SIEGEGRID_API_TOKEN"), "secretKeyRef", "key")).isEqualTo("api-token");
        assertThat((Object) get(env.get("SIEGEGRID_CLUSTER_SECRET"), "secretKeyRef", "key")).isEqualTo("cluster-secret");
        Map<String, Object> secret = only(docs, "Secret");
        assertThat((Map<String, Object>) get(secret, "stringData")).containsKeys("api-token", "cluster-secret");
    }

    @Test
    void everySiegegridVariableTheFilesSetIsOneServeOrTheEntrypointReads() throws IOException {
        Set<String> known = SettingsLoader.keys().stream().map(SettingsLoader::envName).collect(Collectors.toSet());
        Set<String> used = new TreeSet<>();
        StringBuilder text = new StringBuilder();
        for (String f : List.of("Dockerfile", "docker-compose.yml", "stack.yml", "k8s/statefulset.yaml", "entrypoint.sh")) {
            text.append(DockerFiles.read(f)).append('\n');
        }
        Matcher m = Pattern.compile("\\bSIEGEGRID_[A-Z0-9_]*[A-Z0-9]").matcher(text);
        while (m.find()) {
            used.add(m.group().endsWith("_FILE") ? m.group().substring(0, m.group().length() - 5) : m.group());
        }
        used.removeAll(NOT_SETTINGS);
        assertThat(used).isNotEmpty();
        assertThat(known).containsAll(used);
    }

    private static Map<String, Object> only(List<Map<String, Object>> docs, String kind) {
        List<Map<String, Object>> of = docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertThat(of).as(kind).hasSize(1);
        return of.get(0);
    }
}
