package org.siegegrid.core.load.siege;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.Target;

/** The plan as siege's flags and files, and how a budget becomes runs. */
class SiegeCommandTest {
    private static final Path RC = Path.of("/tmp/r/siegerc");
    private static final Path URLS = Path.of("/tmp/r/urls.txt");

    private static LoadPlan plan(List<Target> targets, Order order, Duration delay, boolean benchmark) {
        return new LoadPlan(targets, order, null, 4, delay, benchmark, 0, Duration.ofSeconds(7), null, 1, null);
    }

    @Test
    void benchmarkSequential() {
        LoadPlan p = plan(List.of(Target.get("http://127.0.0.1:9/")), Order.SEQUENTIAL, null, true);
        assertThat(new SiegeCommand(4, 6, 0).argv("/usr/bin/siege", p, RC, URLS)).containsExactly(
                "/usr/bin/siege", "-R", "/tmp/r/siegerc", "-f", "/tmp/r/urls.txt", "-c", "4", "-r", "6", "-b", "-v",
                "--no-parser");
    }

    @Test
    void delayRandomTimedWithHeaders() {
        Map<String, String> h = Map.of("X-Token", "abc", "Content-Type", "application/json");
        LoadPlan p = plan(List.of(new Target("http://127.0.0.1:9/a", "POST", h, "{}"),
                new Target("http://127.0.0.1:9/b", "GET", h, null)), Order.RANDOM, Duration.ofMillis(1500), false);
        assertThat(new SiegeCommand(3, 0, 30).argv("siege", p, RC, URLS)).containsExactly(
                "siege", "-R", "/tmp/r/siegerc", "-f", "/tmp/r/urls.txt", "-c", "3", "-t", "30S", "-d", "1.500", "-i",
                "-T", "application/json", "-H", "X-Token: abc", "-v", "--no-parser");
    }

    @ParameterizedTest(name = "{0} users, {1} left -> -c {2} -r {3}")
    @CsvSource({
            "4, 25, 4, 6",      // 24 now; the 1 left is a run of its own
            "4, 1, 1, 1",
            "4, 3, 3, 1",
            "4, 8, 4, 2",
            "1, 5, 1, 5",
    })
    void aBudgetBecomesRunsThatNeverExceedIt(int users, long left, int c, long r) {
        SiegeCommand cmd = SiegeCommand.forBudget(users, left, 0);
        assertThat(cmd.users()).isEqualTo(c);
        assertThat(cmd.reps()).isEqualTo(r);
        assertThat((long) cmd.users() * cmd.reps()).isLessThanOrEqualTo(left);
    }

    @Test
    void aBudgetIsSpentExactlyRunAfterRun() {
        for (int users = 1; users <= 9; users++) {
            for (long budget = 1; budget <= 60; budget++) {
                long left = budget;
                int runs = 0;
                SiegeCommand cmd;
                while ((cmd = SiegeCommand.forBudget(users, left, 0)) != null) {
                    assertThat(cmd.users()).isBetween(1, users);
                    left -= (long) cmd.users() * cmd.reps();
                    runs++;
                }
                assertThat(left).isZero();
                assertThat(runs).isLessThanOrEqualTo(2);
            }
        }
    }

    @Test
    void noRunWithoutUsersOrBudgetAndNoRepsWithoutABudget() {
        assertThat(SiegeCommand.forBudget(0, 10, 0)).isNull();
        assertThat(SiegeCommand.forBudget(4, 0, 0)).isNull();
        assertThat(SiegeCommand.forBudget(4, Long.MAX_VALUE, 5)).isEqualTo(new SiegeCommand(4, 0, 5));
    }

    @Test
    void onlyWhatChangesTheCommandLineIsANewRun() {
        LoadPlan p = plan(List.of(Target.get("http://h/")), Order.SEQUENTIAL, Duration.ofSeconds(1), false);
        LoadPlan moreUsers = new LoadPlan(p.targets(), p.order(), null, 9, p.delay(), false, 0, p.timeout(), null, 7,
                null);
        assertThat(SiegeCommand.sameRun(p, moreUsers)).isTrue();
        assertThat(SiegeCommand.sameRun(p, plan(List.of(Target.get("http://h/x")), Order.SEQUENTIAL,
                Duration.ofSeconds(1), false))).isFalse();
        assertThat(SiegeCommand.sameRun(p, plan(p.targets(), Order.RANDOM, Duration.ofSeconds(1), false))).isFalse();
        assertThat(SiegeCommand.sameRun(p, plan(p.targets(), Order.SEQUENTIAL, null, true))).isFalse();
    }

    @Test
    void theFilesOfARun(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        LoadPlan p = plan(List.of(new Target("http://h/b", "POST", Map.of(), "a b\nc $x")), Order.SEQUENTIAL, null,
                true);
        SiegeFiles.Written w = SiegeFiles.write(dir, p, 3, 4);
        assertThat(java.nio.file.Files.readString(w.urls())).isEqualTo("http://h/b POST < " + dir.resolve("body-3-0.txt")
                + "\n");
        assertThat(java.nio.file.Files.readString(dir.resolve("body-3-0.txt"))).isEqualTo("a b\nc $x");
        assertThat(java.nio.file.Files.readString(w.rc())).contains("timeout = 7")
                .isEqualTo(java.nio.file.Files.readString(dir.resolve(".siege/siege.conf")));
    }

    @Test
    void urlFileAndRc() {
        String urls = SiegeFiles.urlFile(List.of(Target.get("http://h/a"),
                new Target("http://h/b", "post", Map.of(), "x=1 2"), new Target("http://h/c", "DELETE", Map.of(), null)),
                i -> "/d/body-" + i);
        assertThat(urls).isEqualTo("http://h/a\nhttp://h/b POST < /d/body-1\nhttp://h/c DELETE\n");
        String rc = SiegeFiles.rc(Duration.ofMillis(2500), 10);
        assertThat(rc).contains("verbose = true", "color = off", "logging = false", "parser = false", "timeout = 3",
                "limit = 255", "failures = 1000000000");
    }
}
