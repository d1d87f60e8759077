package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siegegrid.web.target.TargetOptions;
import org.siegegrid.web.target.TargetServer;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunLoggingTest {

    @Test
    void log4jLevelNamesMapToJulLevels() {
        assertThat(RunLogging.level(null)).isEqualTo(Level.WARNING);
        assertThat(RunLogging.level("debug")).isEqualTo(Level.FINE);
        assertThat(RunLogging.level(" INFO ")).isEqualTo(Level.INFO);
        assertThat(RunLogging.level("WARN")).isEqualTo(Level.WARNING);
        assertThat(RunLogging.level("error")).isEqualTo(Level.SEVERE);
        assertThat(RunLogging.level("TRACE")).isEqualTo(Level.FINEST);
        assertThat(RunLogging.level("off")).isEqualTo(Level.OFF);
        assertThat(RunLogging.level("loud")).isEqualTo(Level.WARNING);
    }

    @Test
    void runLoadsNeitherLog4jNorTheNodeAndKeepsStdoutForTheReport(@TempDir Path dir) throws Exception {
        try (TargetServer sink = new TargetServer(TargetOptions.defaults()).start()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path out = dir.resolve("out.txt");
            Path classes = dir.resolve("classes.txt");
            Process p = new ProcessBuilder(List.of(java, "-Xlog:class+load=info:file=" + classes,
                    "-Dsiegegrid.log.level=INFO", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "run", "-c", "2", "-r", "5", "-j", sink.url()))
                    .redirectOutput(out.toFile()).redirectError(dir.resolve("err.txt").toFile())
                    .redirectInput(new File("/dev/null")).start();
            try {
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("run ends").isTrue();
                assertThat(p.exitValue()).isZero();
                String report = Files.readString(out, StandardCharsets.UTF_8);
                assertThat(report.strip()).startsWith("{").endsWith("}").contains("\"transactions\": 10");
                assertThat(Files.readString(classes, StandardCharsets.UTF_8))
                        .contains("org.siegegrid.core.load.NativeEngine")
                        .doesNotContain("org.apache.logging.log4j.core.")
                        .doesNotContain("org.siegegrid.web.cli.ServeCommand ")
                        .doesNotContain("com.hazelcast.");
            } finally {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
