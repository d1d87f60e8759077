package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code run} under a file limit ({@code ulimit -n}, set for the child alone): a run that needs more
 * connections at once than the process may open is refused in one line before it starts (on main,
 * {@code -c 25000} under 20,000 hung), and one that fits runs.
 */
@Timeout(120)
class FileLimitIT {

    private static Result run(int fileLimit, String... args) throws Exception {
        Path out = Files.createTempFile("filelimit", ".out");
        Path err = Files.createTempFile("filelimit", ".err");
        StringBuilder cmd = new StringBuilder("ulimit -n " + fileLimit + " && exec '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' -XX:TieredStopAtLevel=1 -Xmx128m -jar '"
                + Procs.jar() + "'");
        for (String a : args) {
            cmd.append(" '").append(a).append('\'');
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(List.of("sh", "-c", cmd.toString())).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(new File("/dev/null")).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ended within 60 s").isTrue();
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1_000_000);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private record Result(int exit, String out, String err, long millis) {
    }

    @Test
    void usersBeyondTheFileLimitAreRefusedInOneLineAndAFittingRunRuns() throws Exception {
        Result refused = run(1024, "run", "-c", "5000", "-r", "1", "-q", "http://127.0.0.1:9/");
        System.out.printf("ulimit -n 1024, -c 5000: exit %d in %d ms: %s", refused.exit(), refused.millis(),
                refused.err());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err().strip().lines().toList()).containsExactly("siegegrid: -c 5000: needs 5000 connections"
                + " at once, but this process may open 1024 files (ulimit -n), 256 of them kept for the JVM: use at"
                + " most 768 users, or raise the limit (ulimit -n)");

        Result open = run(1024, "run", "--rps", "10", "--concurrency", "3000", "-t", "1S", "-q",
                "http://127.0.0.1:9/");
        assertThat(open.exit()).isEqualTo(2);
        assertThat(open.err()).contains("--concurrency 3000: needs 3000 connections at once", "use at most 768"
                + " connections");

        // within the limit it runs (against a closed port: every request fails, exit 1, never a hang)
        Result fits = run(1024, "run", "-c", "50", "-r", "2", "-q", "http://127.0.0.1:9/");
        assertThat(fits.exit()).as(fits.err()).isEqualTo(1);
        assertThat(fits.out()).contains("Transactions:");
    }
}
