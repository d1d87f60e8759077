package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/siegegrid}, the shipped way to start the tool with the JVM settings a plain {@code java -jar}
 * cannot carry: it finds the jar, runs the real JVM with them, and passes every argument on.
 */
class LauncherScriptTest {
    static final Path SCRIPT = Path.of(System.getProperty("siegegrid.bin", "../bin/siegegrid")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Out(int exit, String stdout, String stderr) {
    }

    private static Out run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"));
        pb.environment().putAll(env);
        Process p = pb.start();
        var err = p.getErrorStream();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errText = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Out(p.exitValue(), out, errText);
    }

    @Test
    @Timeout(90)
    void startsTheJarWithItsSettingsAndPassesTheArgumentsOn() throws Exception {
        Out version = run(Map.of("SIEGEGRID_JAR", Procs.jar().toString()), "--version");
        assertThat(version.exit()).as(version.stderr()).isZero();
        assertThat(version.stdout()).contains("0.1.0");
        // a bad flag reaches the tool: its one-line usage error and exit code, through the script
        Out bad = run(Map.of("SIEGEGRID_JAR", Procs.jar().toString()), "run", "--no-such-flag", "http://127.0.0.1:9/");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.stderr()).contains("--no-such-flag").doesNotContain("Exception");
    }

    @Test
    @Timeout(90)
    void serveStartsWithoutHazelcastsModuleAccessWarning() throws Exception {
        // the same JVM settings the image's entrypoint uses: a one-node cluster on loopback, stopped at once
        Path reports = Files.createDirectories(dir.resolve("reports"));
        List<String> cmd = new ArrayList<>(List.of("sh", SCRIPT.toString(), "serve", "--bind", "127.0.0.1",
                "--port", "0", "--api-port", "0", "--reports-dir", reports.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("serve.log").toFile());
        pb.environment().put("SIEGEGRID_JAR", Procs.jar().toString());
        Process p = pb.start();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> Files.readString(dir.resolve("serve.log")).contains(" API http"));
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        String log = Files.readString(dir.resolve("serve.log"));
        // a plain java -jar logs "WARN ... Hazelcast is starting in a Java modular environment ... without proper
        // access to required Java packages", then the flags to add
        assertThat(log).as(log).contains("SiegeGrid node").doesNotContain("Java modular environment")
                .doesNotContain("--add-opens");
    }

    @Test
    @Timeout(30)
    void withoutAJarItSaysHowToBuildOne() throws Exception {
        Out none = run(Map.of("SIEGEGRID_JAR", dir.resolve("absent.jar").toString()), "--version");
        assertThat(none.exit()).isEqualTo(3);
        assertThat(none.stderr().strip()).isEqualTo(
                "siegegrid: no siegegrid.jar found (build it with: mvn -B -DskipTests package, or set SIEGEGRID_JAR)");
    }
}
