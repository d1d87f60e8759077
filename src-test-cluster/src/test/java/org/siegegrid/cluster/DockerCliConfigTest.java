package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.siegegrid.cluster.DockerFiles.get;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.grid.MemberTrust;

/**
 * The Docker tools' own checks of docker/, none of which needs a Docker engine: {@code docker stack config}
 * (the Docker CLI renders and validates a stack file locally), {@code docker-compose config -q} (Debian's
 * docker-compose 1.29 validates against the Compose schema), and hz-cluster-name.sh against the Java
 * derivation. .ci/run installs docker.io and docker-compose; a test skips only when its binary is absent, and
 * says so. A Docker CLI without {@code docker stack config} (Debian's 20.10) has docker-compose render the
 * stack file instead, asserted the same way, and the skip names the docker binary and its version.
 * {@code -Dsiegegrid.docker.cli=/usr/bin/docker} picks the docker binary (default: the first on the PATH).
 */
class DockerCliConfigTest {

    record Result(int exit, String output) {
    }

    /** The binary the PATH finds (the first executable of that name), or null. */
    private static Path onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
                return Path.of(dir, binary);
            }
        }
        return null;
    }

    private static void need(String binary) {
        boolean there = onPath(binary) != null;
        if (!there) {
            System.out.println("SKIPPED: " + binary + " is not on the PATH (.ci/run installs it: apt-get install docker.io"
                    + " docker-compose openssl)");
        }
        assumeTrue(there, binary + " is not installed");
    }

    /** Runs a command in the repository root with no SIEGEGRID_* / MC_* variables of this JVM's environment. */
    private static Result run(String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(DockerFiles.DIR.getParent().toFile())
                .redirectErrorStream(true).redirectInput(new File("/dev/null"));
        pb.environment().keySet().removeIf(k -> k.startsWith("SIEGEGRID_") || k.startsWith("MC_"));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " took over 60 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        System.out.printf("%s -> exit %d%s%n", String.join(" ", cmd), p.exitValue(),
                text.isBlank() ? "" : ": " + text.strip().lines().limit(3).toList());
        return new Result(p.exitValue(), text);
    }

    /** What a real tool's rendering of stack.yml must show: discovery, the encrypted overlay, the rolling update. */
    private static void assertRenderedStack(String tool, Result r) {
        assertThat(r.exit()).as(r.output()).isZero();
        Map<String, Object> stack = DockerFiles.yaml(tool + "'s stack.yml", r.output()).get(0);
        assertThat((Object) get(stack, "services", "node", "environment", "SIEGEGRID_DISCOVERY_DNS")).as(r.output())
                .isEqualTo("tasks.node");
        assertThat((Object) get(stack, "networks", "grid", "driver_opts", "encrypted")).isEqualTo("true");
        Map<String, Object> update = get(stack, "services", "node", "deploy", "update_config");
        assertThat(update).containsEntry("parallelism", 1).containsEntry("order", "start-first");
    }

    @Test
    @Timeout(120)
    void dockerStackConfigAcceptsTheStackFile() throws Exception {
        String chosen = System.getProperty("siegegrid.docker.cli", "");
        Path docker = chosen.isBlank() ? onPath("docker") : Path.of(chosen);
        String found;
        if (docker == null || !Files.isExecutable(docker)) {
            found = docker == null ? "no docker on the PATH" : docker + " is not executable";
        } else {
            String cli = docker.toString();
            Result help = run(cli, "stack", "config", "--help");
            if (help.exit() == 0 && help.output().contains("docker stack config")) {   // 20.10 prints the stack help
                assertRenderedStack(cli, run(cli, "stack", "config", "-c", "docker/stack.yml"));
                return;
            }
            found = docker + " is " + run(cli, "--version").output().strip() + ", which has no `docker stack config`"
                    + " (Debian bookworm's docker.io 20.10 predates it; newer CLIs, 28.2 for one, have it)";
        }
        // the fallback, so that a real tool always validates stack.yml: docker-compose renders it (deploy included)
        Path compose = onPath("docker-compose");
        if (compose == null) {
            System.out.println("SKIPPED: " + found + ", and no docker-compose on the PATH to render stack.yml instead");
            assumeTrue(false, found + "; no docker-compose either");
        }
        String composeVersion = run(compose.toString(), "--version").output().strip();
        assertRenderedStack(compose.toString(), run(compose.toString(), "-f", "docker/stack.yml", "config"));
        String message = "docker stack config skipped: " + found + "; stack.yml rendered and checked by " + compose
                + " (" + composeVersion + ") instead";
        System.out.println("SKIPPED: " + message);
        assumeTrue(false, message);
    }

    @Test
    @Timeout(120)
    void dockerComposeValidatesTheStackFileAgainstTheComposeSchema() throws Exception {
        need("docker-compose");
        Result r = run("docker-compose", "-f", "docker/stack.yml", "config", "-q");
        assertThat(r.exit()).as(r.output()).isZero();
    }

    @Test
    @Timeout(120)
    void dockerComposeAcceptsTheComposeFileWithTheExampleEnvAndRefusesItWithoutSecrets() throws Exception {
        need("docker-compose");
        Result ok = run("docker-compose", "--env-file", "docker/env.example", "-f", "docker/docker-compose.yml",
                "config", "-q");
        assertThat(ok.exit()).as(ok.output()).isZero();
        Path empty = Files.createTempFile("siegegrid-empty", ".env");
        Result none;
        try {
            none = run("docker-compose", "--env-file", empty.toString(), "-f", "docker/docker-compose.yml", "config", "-q");
        } finally {
            Files.delete(empty);
        }
        assertThat(none.exit()).isNotZero();
        assertThat(none.output()).contains("set SIEGEGRID_API_TOKEN");
    }

    @Test
    @Timeout(60)
    void theClusterNameScriptDerivesWhatTheNodesDerive() throws Exception {
        need("openssl");
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[]{"siegegrid", "change-me-secret-0123456789"});
        cases.add(new String[]{"load-eu", "a secret with spaces & $igns 0123"});
        for (String[] c : cases) {
            Result r = run("sh", "docker/hz-cluster-name.sh", c[0], c[1]);
            assertThat(r.exit()).isZero();
            assertThat(r.output().strip()).isEqualTo(MemberTrust.of(c[1], c[0]).hazelcastClusterName());
        }
        assertThat(run("sh", "docker/hz-cluster-name.sh", "plain").output().strip()).as("no secret: the name itself")
                .isEqualTo("plain");
    }
}
