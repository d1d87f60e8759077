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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker/entrypoint.sh with a fake {@code java} (prints its environment and arguments) and a fake
 * {@code hostname} (the container's addresses): the {@code _FILE} secrets, the public address picked by
 * {@code SIEGEGRID_PUBLIC_PREFIX}, and the JVM flags (the launcher's, bin/siegegrid, plus the container heap),
 * from the repository checkout and from the image's layout rebuilt out of the Dockerfile's COPY lines, in
 * milliseconds and without a JVM.
 */
class EntrypointScriptTest {

    @TempDir
    Path dir;

    record Out(int exit, String text) {
    }

    private Out run(Map<String, String> env, String... args) throws Exception {
        Map<String, String> withJar = new HashMap<>(env);
        withJar.putIfAbsent("SIEGEGRID_JAR", jar().toString());
        return run(DockerFiles.file("entrypoint.sh"), withJar, args);
    }

    /** A file named siegegrid.jar (the fake java never opens it; the launcher wants it readable). */
    private Path jar() throws Exception {
        Path jar = dir.resolve("siegegrid.jar");
        return Files.exists(jar) ? jar : Files.writeString(jar, "not really a jar");
    }

    /** The script (sh SCRIPT ARGS) with only PATH (the fakes first) and {@code env} in its environment. */
    private Out run(Path script, Map<String, String> env, String... args) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("java"), "#!/bin/sh\nenv | grep '^SIEGEGRID_' | sort\necho \"ARGS $*\"\n");
        script(bin.resolve("hostname"), "#!/bin/sh\necho '172.18.0.5 10.77.0.9 10.0.0.2'\n");
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", script.toString()));
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
                .contains("-XX:MaxRAMPercentage=75 -Xmx200m -jar " + jar() + " serve");
    }

    /** The java command line: the fake java's ARGS line. */
    private static String args(Out o) {
        return o.text().lines().filter(l -> l.startsWith("ARGS ")).findFirst()
                .orElseThrow(() -> new AssertionError("java was not started:\n" + o.text()));
    }

    @Test
    @Timeout(30)
    void javaGetsExactlyTheLaunchersFlagsPlusTheContainerHeapForServeAndRun() throws Exception {
        Path launcher = DockerFiles.DIR.resolveSibling("bin").resolve("siegegrid");
        String[][] commands = {{"serve", "--bind", "0.0.0.0"}, {"run", "-t", "5S", "http://x/"}};
        for (String jit : new String[]{"", "full", "quick"}) {
            for (String[] command : commands) {
                Map<String, String> env = new HashMap<>(Map.of("JAVA_OPTS", "-Xmx200m"));
                if (!jit.isEmpty()) {
                    env.put("SIEGEGRID_JIT", jit);
                }
                Out entry = run(env, command);
                assertThat(entry.exit()).as(entry.text()).isZero();
                // bin/siegegrid started by hand with the container heap in front of the JAVA_OPTS given
                env.put("SIEGEGRID_JAR", jar().toString());
                env.put("JAVA_OPTS", "-XX:MaxRAMPercentage=75 -Xmx200m");
                Out direct = run(launcher, env, command);
                assertThat(direct.exit()).as(direct.text()).isZero();
                assertThat(args(entry)).as("SIEGEGRID_JIT=%s %s: one list of JVM flags", jit, command[0])
                        .isEqualTo(args(direct));
            }
        }
        String run = args(run(Map.of(), "run", "http://x/"));
        assertThat(run).as("the launcher's flags reach java through the entrypoint").contains(
                "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "-Dsun.net.inetaddr.ttl=5",
                "--add-opens java.base/java.lang=ALL-UNNAMED", "--add-opens java.base/sun.nio.ch=ALL-UNNAMED")
                .endsWith("-XX:MaxRAMPercentage=75 -jar " + jar() + " run http://x/");
        assertThat(args(run(Map.of(), "serve"))).doesNotContain("TieredStopAtLevel").contains("--add-modules java.se");
        Out badJit = run(Map.of("SIEGEGRID_JIT", "fast"), "run", "http://x/");
        assertThat(badJit.exit()).as("the launcher's own checks apply").isEqualTo(2);
        assertThat(badJit.text()).contains("SIEGEGRID_JIT must be quick or full").doesNotContain("ARGS");
    }

    @Test
    @Timeout(30)
    void inTheImagesLayoutTheEntrypointFindsTheLauncherAndTheJarBesideIt() throws Exception {
        // the runtime stage's files where its COPY lines put them, under dir/image instead of /
        Path root = dir.resolve("image");
        Path repo = DockerFiles.DIR.getParent();
        List<String> runtime = DockerFiles.finalStage(DockerFiles.instructions(DockerFiles.read("Dockerfile")));
        Map<String, String> env = new HashMap<>();
        String entrypoint = null;
        List<String> cmd = List.of();
        for (String i : runtime) {
            String arg = DockerFiles.argument(i);
            switch (DockerFiles.keyword(i)) {
                case "COPY" -> {
                    List<String> words = List.of(arg.split(" "));
                    boolean built = words.get(0).startsWith("--from=");
                    List<String> sources = words.subList(built ? 1 : 0, words.size() - 1);
                    String to = words.get(words.size() - 1);
                    for (String from : sources) {
                        String into = to.endsWith("/") ? to + Path.of(from).getFileName() : to;
                        Path target = root.resolve(into.substring(1));
                        Files.createDirectories(target.getParent());
                        if (built) {
                            Files.writeString(target, "the build stage's " + from);
                        } else {
                            Files.copy(repo.resolve(from), target);
                        }
                    }
                }
                case "ENV" -> {
                    Matcher m = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S*)").matcher(arg);
                    while (m.find()) {
                        env.put(m.group(1), m.group(2).replace("\"", ""));
                    }
                }
                case "ENTRYPOINT" -> entrypoint = JsonParser.parseString(arg).getAsJsonArray().get(0).getAsString();
                case "CMD" -> cmd = JsonParser.parseString(arg).getAsJsonArray().asList().stream()
                        .map(JsonElement::getAsString).toList();
                default -> {
                }
            }
        }
        assertThat(entrypoint).isNotNull();
        assertThat(env).doesNotContainKey("SIEGEGRID_JAR");
        Out o = run(root.resolve(entrypoint.substring(1)), env, cmd.toArray(String[]::new));
        assertThat(o.exit()).as(o.text()).isZero();
        Out launcher = run(DockerFiles.DIR.resolveSibling("bin").resolve("siegegrid"),
                Map.of("SIEGEGRID_JAR", root.resolve("opt/siegegrid/siegegrid.jar").toString(),
                        "JAVA_OPTS", "-XX:MaxRAMPercentage=75"), "serve");
        assertThat(args(o)).as("the image's java: the launcher's flags, the container heap, the image's jar, CMD")
                .isEqualTo(args(launcher))
                .endsWith(" -XX:MaxRAMPercentage=75 -jar " + root + "/opt/siegegrid/siegegrid.jar serve");
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
