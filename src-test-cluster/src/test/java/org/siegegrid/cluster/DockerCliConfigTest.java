package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.grid.MemberTrust;

/**
 * The Docker tools' own checks of docker/, none of which needs a Docker engine: {@code docker stack config}
 * (the Docker CLI renders and validates a stack file locally), {@code docker-compose config -q} (Debian's
 * docker-compose 1.29 validates against the Compose schema), and hz-cluster-name.sh against the Java
 * derivation. .ci/run installs docker.io and docker-compose; a test skips only when its binary is absent, and
 * says so.
 */
class DockerCliConfigTest {

    record Result(int exit, String output) {
    }

    private static boolean onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }

    private static void need(String binary) {
        boolean there = onPath(binary);
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

    @Test
    @Timeout(120)
    void dockerStackConfigAcceptsTheStackFile() throws Exception {
        need("docker");
        Result help = run("docker", "stack", "config", "--help");
        if (help.exit() != 0 || !help.output().contains("docker stack config")) {   // 20.10 prints the stack help
            String version = run("docker", "--version").output().strip();
            System.out.println("SKIPPED: " + version + " has no `docker stack config` (Debian bookworm's docker.io 20.10"
                    + " predates it; newer CLIs, 28.2 for one, have it); stack.yml is still checked by docker-compose below");
            assumeTrue(false, "docker stack config is missing from " + version);
        }
        Result r = run("docker", "stack", "config", "-c", "docker/stack.yml");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("tasks.node").contains("encrypted").contains("parallelism: 1");
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
