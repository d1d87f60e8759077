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
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of("sh", SCRIPT.toString(), "serve", "--bind", "127.0.0.1",
                "--port", Integer.toString(port), "--api-port", "0", "--reports-dir", reports.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("serve.log").toFile());
        pb.environment().put("SIEGEGRID_JAR", Procs.jar().toString());
        Process p = pb.start();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> !p.isAlive() || Files.readString(dir.resolve("serve.log")).contains(" API http"));
            assertThat(p.isAlive()).as(Files.readString(dir.resolve("serve.log"))).isTrue();
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
    void runGetsTheQuickJitAndServeTheFullOneUnlessToldOtherwise() throws Exception {
        Path fakeJava = dir.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho \"ARGS $*\"\n");
        Files.setPosixFilePermissions(fakeJava, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.writeString(dir.resolve("siegegrid.jar"), "not really a jar");
        Map<String, String> env = Map.of("JAVA", fakeJava.toString(), "SIEGEGRID_JAR", jar.toString(), "JAVA_OPTS", "-Xmx1g");
        String run = run(env, "run", "-t", "5S", "http://x/").stdout();
        assertThat(run).contains("-XX:TieredStopAtLevel=1", "--add-opens java.base/java.lang=ALL-UNNAMED",
                "-XX:+ExitOnOutOfMemoryError").endsWith("-Xmx1g -jar " + jar + " run -t 5S http://x/\n");
        assertThat(run(env, "serve", "--bind", "127.0.0.1").stdout()).doesNotContain("TieredStopAtLevel")
                .contains("-jar " + jar + " serve --bind 127.0.0.1");
        Map<String, String> full = new java.util.HashMap<>(env);
        full.put("SIEGEGRID_JIT", "full");
        assertThat(run(full, "run", "http://x/").stdout()).doesNotContain("TieredStopAtLevel");
        full.put("SIEGEGRID_JIT", "fast");
        Out bad = run(full, "run", "http://x/");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.stderr()).contains("SIEGEGRID_JIT must be quick or full, got \"fast\"");
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
