package org.siegegrid.core.load.siege;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.load.TestServer;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.ErrorKind;
import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.Target;

/** One siege runner on the real siege binary (and on fake ones that hang) against a real sink. */
@Timeout(60)
class SiegeRunnerRealTest {
    private TestServer sink;
    private SiegeEngine engine;
    private LoadRunner runner;

    @AfterEach
    void cleanUp() {
        if (runner != null) {
            runner.close();
        }
        if (engine != null) {
            List<Long> left = List.copyOf(engine.pids());
            engine.close();
            assertThat(left).as("siege processes left at the end").isEmpty();
        }
        if (sink != null) {
            sink.close();
        }
    }

    private static LoadPlan plan(String url, int users, Duration delay, Duration duration) {
        return new LoadPlan(List.of(Target.get(url)), Order.SEQUENTIAL, null, users, delay, delay == null, 0,
                Duration.ofSeconds(5), duration, 1, null);
    }

    private SiegeEngine realSiege() {
        return SiegeEngine.of(SiegeSettings.defaults().withTermWait(Duration.ofSeconds(2)), Ticker.SYSTEM);
    }

    private static SiegeProcess process(LoadRunner r) {
        return ((SiegeRunner) r).process();
    }

    @Test
    void aBudgetIsSentExactly() throws Exception {
        sink = TestServer.http(100);
        engine = realSiege();
        runner = engine.newRunner(plan(sink.url("/"), 4, null, null));
        long t0 = System.nanoTime();
        runner.start(LocalShare.whole(4, 4, 25));
        assertThat(runner.awaitDone(Duration.ofSeconds(20))).isTrue();
        Counters c = runner.totals();
        System.out.printf("siege -c 4, budget 25: sink %d, runner %d responses / %d issued in %d runs, %d ms%n",
                sink.requests(), c.responses(), c.issued(), ((SiegeRunner) runner).launches(),
                (System.nanoTime() - t0) / 1_000_000);
        assertThat(sink.requests()).isEqualTo(25);
        assertThat(c.responses()).isEqualTo(25);
        assertThat(c.successes()).isEqualTo(25);
        assertThat(c.bytes()).isEqualTo(2_500);
        assertThat(((SiegeRunner) runner).launches()).isEqualTo(2);   // -c 4 -r 6, then -c 1 -r 1
    }

    @Test
    void errorsAreCountedByKindLikeTheSinkSawThem() throws Exception {
        sink = TestServer.http(50);
        engine = realSiege();
        LoadPlan p = new LoadPlan(List.of(Target.get(sink.url("/ok")), Target.get(sink.url("/503")),
                Target.get(sink.url("/404"))), Order.SEQUENTIAL, null, 2, null, true, 0, Duration.ofSeconds(5), null,
                1, null);
        runner = engine.newRunner(p);
        runner.start(LocalShare.whole(2, 2, 12));
        assertThat(runner.awaitDone(Duration.ofSeconds(20))).isTrue();
        Counters c = runner.totals();
        System.out.printf("siege -c 2 -r 6 over /ok, /503, /404: sink ok %d, 503 %d, 404 %d; runner %s%n",
                sink.onPath("/ok"), sink.onPath("/503"), sink.onPath("/404"), c);
        assertThat(c.issued()).isEqualTo(12);
        assertThat(c.responses()).isEqualTo(sink.requests()).isEqualTo(12);
        assertThat(c.successes()).isEqualTo(sink.onPath("/ok"));
        assertThat(c.error(ErrorKind.HTTP_5XX)).isEqualTo(sink.onPath("/503"));
        assertThat(c.error(ErrorKind.HTTP_4XX)).isEqualTo(sink.onPath("/404"));
        runner.close();

        // a port nobody listens on (in a run of its own: siege 4.0.7 reuses a keep-alive connection to the
        // same host for another port, so mixed with the sink's URLs these requests would reach the sink)
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        runner = engine.newRunner(plan("http://127.0.0.1:" + closed + "/", 2, null, null));
        runner.start(LocalShare.whole(2, 2, 6));
        assertThat(runner.awaitDone(Duration.ofSeconds(20))).isTrue();
        System.out.printf("siege -c 2 -r 3 on a closed port: runner %s%n", runner.totals());
        assertThat(runner.totals().issued()).isEqualTo(6);
        assertThat(runner.totals().error(ErrorKind.REFUSED)).isEqualTo(6);
        assertThat(runner.totals().responses()).isZero();
    }

    @Test
    void aRaisedBudgetStartsSiegeAgain() throws Exception {
        sink = TestServer.http(10);
        engine = realSiege();
        runner = engine.newRunner(plan(sink.url("/"), 2, null, null));
        runner.start(LocalShare.whole(2, 2, 4));
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.totals().issued() == 4 && runner.isDone());
        runner.retune(LocalShare.whole(2, 2, 10));
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.totals().issued() == 10 && runner.isDone());
        assertThat(sink.requests()).isEqualTo(10);
    }

    @Test
    void aTimedRunEndsByItselfAndCountsWhatTheSinkGot() throws Exception {
        sink = TestServer.http(100);
        engine = realSiege();
        runner = engine.newRunner(plan(sink.url("/"), 2, Duration.ofMillis(200), Duration.ofSeconds(3)));
        long t0 = System.nanoTime();
        runner.start(LocalShare.whole(2, 2, LocalShare.UNLIMITED));
        assertThat(runner.awaitDone(Duration.ofSeconds(15))).isTrue();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Counters c = runner.totals();
        System.out.printf("siege -c 2 -d 0.2, 3 s plan (-t 3S): sink %d, runner %d responses, done after %d ms%n",
                sink.requests(), c.responses(), ms);
        assertThat(c.responses()).isPositive();
        // siege abandons what is in flight when its time is up: at most one request per user uncounted
        assertThat(sink.requests() - c.responses()).isBetween(0L, 2L);
    }

    @Test
    void aShareChangeRestartsSiegeWithTheNewUsers() throws Exception {
        sink = TestServer.http(100);
        engine = realSiege();
        runner = engine.newRunner(plan(sink.url("/"), 3, Duration.ofMillis(200), null));
        runner.start(LocalShare.whole(2, 2, LocalShare.UNLIMITED));
        await().atMost(Duration.ofSeconds(10)).until(() -> process(runner) != null && runner.totals().issued() > 2);
        SiegeProcess first = process(runner);
        assertThat(first.command().users()).isEqualTo(2);
        assertThat(commandLine(first.pid())).contains("-c 2");
        long t0 = System.nanoTime();
        runner.retune(LocalShare.whole(3, 3, LocalShare.UNLIMITED));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> process(runner) != null && process(runner) != first);
        long restartMs = (System.nanoTime() - t0) / 1_000_000;
        SiegeProcess second = process(runner);
        assertThat(second.command().users()).isEqualTo(3);
        assertThat(commandLine(second.pid())).contains("-c 3");
        assertThat(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        System.out.printf("share 2 -> 3 users: siege pid %d stopped, pid %d started with -c 3 in %d ms%n",
                first.pid(), second.pid(), restartMs);
        long before = runner.totals().issued();
        await().atMost(Duration.ofSeconds(10)).until(() -> runner.totals().issued() > before + 3);
    }

    @Test
    void stopKillsTheProcessAndPauseResumeStartsAnother() throws Exception {
        sink = TestServer.http(100);
        engine = realSiege();
        runner = engine.newRunner(plan(sink.url("/"), 2, Duration.ofMillis(200), null));
        runner.start(LocalShare.whole(2, 2, LocalShare.UNLIMITED));
        await().atMost(Duration.ofSeconds(10)).until(() -> process(runner) != null);
        long pid1 = process(runner).pid();
        runner.pause();
        await().atMost(Duration.ofSeconds(5)).until(() -> !alive(pid1) && process(runner) == null);
        runner.resume();
        await().atMost(Duration.ofSeconds(10)).until(() -> process(runner) != null);
        long pid2 = process(runner).pid();
        assertThat(pid2).isNotEqualTo(pid1);
        long t0 = System.nanoTime();
        runner.stop();
        assertThat(runner.awaitDone(Duration.ofSeconds(5))).isTrue();
        System.out.printf("stop: siege pid %d gone in %d ms%n", pid2, (System.nanoTime() - t0) / 1_000_000);
        assertThat(alive(pid2)).isFalse();
        assertThat(engine.pids()).isEmpty();
        long sent = sink.requests();
        assertThat(runner.totals().responses()).isBetween(sent - 4, sent);   // 2 kills, at most a request per user each
    }

    @Test
    void aLapsedLeaseStopsSiegeAndALaterOneStartsItAgain() throws Exception {
        sink = TestServer.http(100);
        engine = realSiege();
        runner = engine.newRunner(plan(sink.url("/"), 1, Duration.ofMillis(200), null));
        runner.start(LocalShare.whole(1, 1, LocalShare.UNLIMITED));
        await().atMost(Duration.ofSeconds(10)).until(() -> process(runner) != null);
        long pid = process(runner).pid();
        runner.sendUntil(System.nanoTime() - 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> !alive(pid) && process(runner) == null);
        runner.sendUntil(System.nanoTime() + 60_000_000_000L);
        await().atMost(Duration.ofSeconds(10)).until(() -> process(runner) != null);
    }

    @Test
    void aSiegeThatIgnoresSigtermIsKilledWithinTheBound(@TempDir Path dir) throws Exception {
        Path fake = script(dir, "siege", "#!/bin/sh\ntrap '' TERM\nexec sleep 600\n");
        engine = SiegeEngine.of(SiegeSettings.defaults().withBinary(fake.toString())
                .withTermWait(Duration.ofMillis(500)), Ticker.SYSTEM);
        runner = engine.newRunner(plan("http://127.0.0.1:9/", 2, null, null));
        runner.start(LocalShare.whole(2, 2, LocalShare.UNLIMITED));
        await().atMost(Duration.ofSeconds(10)).until(() -> process(runner) != null && alive(process(runner).pid()));
        long pid = process(runner).pid();
        long t0 = System.nanoTime();
        runner.stop();
        assertThat(runner.awaitDone(Duration.ofSeconds(5))).isTrue();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("a siege ignoring SIGTERM (fake, pid %d): SIGKILLed, gone %d ms after stop (bound 500 ms)%n",
                pid, ms);
        assertThat(alive(pid)).isFalse();
        assertThat(ms).isLessThan(1_500);
    }

    @Test
    void aTimedRunThatHangsAtItsEndIsKilled(@TempDir Path dir) throws Exception {
        // siege 4.0.7 can hang at the end of a -t run (JoeDog/siege#4): nobody calls stop here
        Path fake = script(dir, "siege", "#!/bin/sh\ntrap '' TERM\nexec sleep 600\n");
        engine = SiegeEngine.of(new SiegeSettings(fake.toString(), Duration.ofMillis(500), Duration.ofMillis(500)),
                Ticker.SYSTEM);
        runner = engine.newRunner(plan("http://127.0.0.1:9/", 1, null, Duration.ofSeconds(2)));
        long t0 = System.nanoTime();
        runner.start(LocalShare.whole(1, 1, LocalShare.UNLIMITED));
        await().atMost(Duration.ofSeconds(10)).until(() -> process(runner) != null);
        long pid = process(runner).pid();
        assertThat(runner.awaitDone(Duration.ofSeconds(10))).isTrue();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("a -t 2S run that hangs (fake, pid %d): gone %d ms after start (2 s + 0.5 s grace + 0.5 s)%n",
                pid, ms);
        assertThat(alive(pid)).isFalse();
        assertThat(ms).isBetween(2_000L, 4_500L);
    }

    @Test
    void closingTheEngineKillsWhatIsLeft(@TempDir Path dir) throws Exception {
        Path fake = script(dir, "siege", "#!/bin/sh\nexec sleep 600\n");
        engine = SiegeEngine.of(SiegeSettings.defaults().withBinary(fake.toString()), Ticker.SYSTEM);
        LoadRunner r = engine.newRunner(plan("http://127.0.0.1:9/", 1, null, null));
        r.start(LocalShare.whole(1, 1, LocalShare.UNLIMITED));
        await().atMost(Duration.ofSeconds(10)).until(() -> !engine.pids().isEmpty());
        long pid = engine.pids().iterator().next();
        engine.close();
        assertThat(alive(pid)).isFalse();
        r.close();
    }

    private static Path script(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String commandLine(long pid) throws IOException {
        return String.join(" ", Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
    }
}
