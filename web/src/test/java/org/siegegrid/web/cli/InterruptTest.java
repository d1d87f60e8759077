package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siegegrid.web.target.TargetOptions;
import org.siegegrid.web.target.TargetServer;

/** Ctrl-C on a real process: the load stops, the summary is still printed, the process exits. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InterruptTest {

    @Test
    void sigintStopsTheRunAndPrintsTheSummary(@TempDir Path dir) throws Exception {
        try {
            Class.forName("org.siegegrid.core.load.NativeEngine");
        } catch (ClassNotFoundException e) {
            Assumptions.abort("the native engine is not on this branch yet");
        }
        try (TargetServer sink = new TargetServer(TargetOptions.defaults()).start()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path out = dir.resolve("out.txt");
            Path err = dir.resolve("err.txt");
            Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "run", "--rps", "200", sink.url()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(new File("/dev/null"))
                    .start();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> sink.requests() >= 300);
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
                long t0 = System.nanoTime();
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("exits after SIGINT").isTrue();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                long atExit = sink.requests();
                String text = Files.readString(out, StandardCharsets.UTF_8);
                System.out.println("SIGINT: exit " + p.exitValue() + " " + ms + " ms after the signal, sink " + atExit
                        + "\n" + text);
                assertThat(p.exitValue()).isZero();
                assertThat(text).contains("Transactions:");
                assertThat(ms).isLessThan(3000);
            } finally {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
