package org.siegegrid.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processes a test starts from the shaded jar ({@code java -jar siegegrid.jar ...}), each with
 * its output in a log file. {@link #close} ends every one by its own handle: a polite destroy
 * (SIGTERM: a node leaves the cluster), then destroyForcibly after a bound.
 */
final class Procs implements AutoCloseable {
    static final Duration POLITE = Duration.ofSeconds(10);

    /** A started process and where its output goes. */
    record Proc(String name, Process process, Path log) {
        long pid() {
            return process.pid();
        }

        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }
    }

    /** What a short-lived command printed. */
    record Done(int exit, String out, String err, long millis) {
    }

    private final Path jar;
    private final Path logs;
    private final List<Proc> started = new ArrayList<>();

    Procs(Path jar, Path logs) throws IOException {
        this.jar = jar;
        this.logs = logs;
        Files.createDirectories(logs);
    }

    /** The shaded jar from {@code -Dsiegegrid.jar}; fails with how to build it when it is missing. */
    static Path jar() {
        Path p = Path.of(System.getProperty("siegegrid.jar", "../web/target/siegegrid.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: these tests run in `mvn verify` after the web module's"
                    + " package phase (or build it: mvn -B -o -pl web -am package -DskipTests)");
        }
        return p;
    }

    static Path logs() {
        return Path.of(System.getProperty("siegegrid.logs", "target/it-logs"));
    }

    private List<String> java(List<String> jvm, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(args);
        return cmd;
    }

    /** Starts a long-lived process (a node, the sink); output to logs/NAME.log. */
    Proc start(String name, List<String> jvm, List<String> args) throws IOException {
        Path log = logs.resolve(name + ".log");
        Process p = new ProcessBuilder(java(jvm, args)).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(new File("/dev/null")).start();
        Proc proc = new Proc(name, p, log);
        synchronized (started) {
            started.add(proc);
        }
        System.out.println("started " + name + " pid " + p.pid() + ": " + String.join(" ", args));
        return proc;
    }

    /**
     * Starts any command (the image's entrypoint script, say) with exactly {@code env} as its environment
     * (nothing inherited); output to logs/NAME.log. {@link #close} ends it like the others.
     */
    Proc startCommand(String name, List<String> cmd, java.util.Map<String, String> env, Path dir) throws IOException {
        Path log = logs.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(new File("/dev/null"));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        Proc proc = new Proc(name, p, log);
        synchronized (started) {
            started.add(proc);
        }
        System.out.println("started " + name + " pid " + p.pid() + ": " + String.join(" ", cmd) + " with " + env.keySet());
        return proc;
    }

    /**
     * Starts a CLI command in the background (a {@code run} the test follows): its stdout to logs/NAME.out
     * ({@link #stdout}), its stderr to logs/NAME.log (the Proc's log). {@link #close} ends it if it still runs.
     */
    Proc startCli(String name, String... args) throws IOException {
        Path log = logs.resolve(name + ".log");
        Process p = new ProcessBuilder(java(List.of("-XX:TieredStopAtLevel=1", "-Xmx128m"), List.of(args)))
                .redirectOutput(logs.resolve(name + ".out").toFile()).redirectError(log.toFile())
                .redirectInput(new File("/dev/null")).start();
        Proc proc = new Proc(name, p, log);
        synchronized (started) {
            started.add(proc);
        }
        System.out.println("started " + name + " pid " + p.pid() + ": siegegrid " + String.join(" ", args));
        return proc;
    }

    /** What a {@link #startCli} process printed on stdout so far. */
    static String stdout(Proc proc) {
        try {
            return Files.readString(proc.log().resolveSibling(proc.name() + ".out"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Runs a CLI command to its end (bounded); kills it if it overruns. */
    Done run(Duration limit, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(logs, "cli", ".out");
        Path err = Files.createTempFile(logs, "cli", ".err");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(java(List.of("-XX:TieredStopAtLevel=1", "-Xmx128m"), List.of(args)))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null")).start();
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("siegegrid " + String.join(" ", args) + " still running after " + limit);
            }
            return new Done(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1_000_000);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Ends one process: SIGTERM, then SIGKILL after {@link #POLITE}. Returns its exit code (or -1). */
    static int stop(Proc proc) throws InterruptedException {
        Process p = proc.process();
        if (p.isAlive()) {
            p.destroy();
            if (!p.waitFor(POLITE.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.println(proc.name() + " pid " + p.pid() + " ignored SIGTERM for " + POLITE + ": killing it");
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        return p.isAlive() ? -1 : p.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        List<Proc> all;
        synchronized (started) {
            all = List.copyOf(started);
            started.clear();
        }
        for (Proc p : all) {
            p.process().destroy();
        }
        for (Proc p : all) {
            int code = stop(p);
            System.out.println("stopped " + p.name() + " pid " + p.pid() + " exit " + code);
        }
    }
}
