package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/entrypoint.sh with a fake {@code java} (prints its environment and arguments) and a fake
 * {@code hostname} (the container's addresses): the {@code _FILE} secrets, the public address picked by
 * {@code SIEGEGRID_PUBLIC_PREFIX}, and the JVM flags, in milliseconds and without a JVM.
 */
class EntrypointScriptTest {

    @TempDir
    Path dir;

    record Out(int exit, String text) {
    }

    private Out run(Map<String, String> env, String... args) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("java"), "#!/bin/sh\nenv | grep '^SIEGEGRID_' | sort\necho \"ARGS $*\"\n");
        script(bin.resolve("hostname"), "#!/bin/sh\necho '172.18.0.5 10.77.0.9 10.0.0.2'\n");
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", DockerFiles.file("entrypoint.sh").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(new File("/dev/null"));
        pb.environment().clear();
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().putAll(env);
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Out(p.exitValue(), text);
    }

    private static void script(Path p, String text) throws Exception {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    @Timeout(30)
    void fileVariablesBecomeSettingsAndADirectValueWins() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "from-file-token-0123\n");
        Path secret = Files.writeString(dir.resolve("secret"), "from-file-secret-0123\n");
        Map<String, String> env = new HashMap<>();
        env.put("SIEGEGRID_API_TOKEN_FILE", token.toString());
        env.put("SIEGEGRID_CLUSTER_SECRET_FILE", secret.toString());
        env.put("SIEGEGRID_CLUSTER_SECRET", "direct-secret-0123456");
        env.put("JAVA_OPTS", "-Xmx200m");
        Out o = run(env, "serve");
        assertThat(o.exit()).as(o.text()).isZero();
        assertThat(o.text()).contains("SIEGEGRID_API_TOKEN=from-file-token-0123\n")
                .contains("SIEGEGRID_CLUSTER_SECRET=direct-secret-0123456\n")
                .doesNotContain("_FILE=").doesNotContain("SIEGEGRID_PUBLIC_ADDRESS");
        assertThat(o.text()).contains("-XX:MaxRAMPercentage=75").contains("-Dsun.net.inetaddr.ttl=5")
                .contains("-Xmx200m -jar /opt/siegegrid/siegegrid.jar serve");
    }

    @Test
    @Timeout(30)
    void thePublicPrefixPicksTheOverlayAddressAndAMissOrAnUnreadableFileStopsTheStart() throws Exception {
        Out o = run(Map.of("SIEGEGRID_PUBLIC_PREFIX", "10.77.0."), "serve");
        assertThat(o.exit()).as(o.text()).isZero();
        assertThat(o.text()).contains("SIEGEGRID_PUBLIC_ADDRESS=10.77.0.9\n").doesNotContain("SIEGEGRID_PUBLIC_PREFIX=");

        Out given = run(Map.of("SIEGEGRID_PUBLIC_PREFIX", "10.77.0.", "SIEGEGRID_PUBLIC_ADDRESS", "10.1.1.1:5701"));
        assertThat(given.text()).as("a public address given wins").contains("SIEGEGRID_PUBLIC_ADDRESS=10.1.1.1:5701\n");

        Out miss = run(Map.of("SIEGEGRID_PUBLIC_PREFIX", "192.168.9."), "serve");
        assertThat(miss.exit()).isEqualTo(2);
        assertThat(miss.text()).contains("no address of this container starts with SIEGEGRID_PUBLIC_PREFIX=192.168.9.")
                .doesNotContain("ARGS");

        Out unreadable = run(Map.of("SIEGEGRID_API_TOKEN_FILE", dir.resolve("missing").toString()), "serve");
        assertThat(unreadable.exit()).isEqualTo(2);
        assertThat(unreadable.text()).contains("SIEGEGRID_API_TOKEN_FILE: cannot read").doesNotContain("ARGS");
    }
}
