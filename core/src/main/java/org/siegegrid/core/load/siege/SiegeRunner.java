package org.siegegrid.core.load.siege;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.load.RequestLog;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.IntervalStats;

/**
 * One session's load on this node as siege processes, one at a time. Control calls only set the wanted
 * state (pause, stop and an expired lease also send SIGTERM at once, so siege stops starting requests
 * now) and wake the driver thread, which makes the process match it: it starts siege with this node's
 * users and the budget and time left, restarts it when the users or the plan change, and reaps every
 * process with a bound ({@link SiegeProcess#reap}). The request log is not fed: siege prints a request
 * only as a line, which is parsed into the stats.
 */
final class SiegeRunner implements LoadRunner {
    private static final Logger LOG = LogManager.getLogger(SiegeRunner.class);
    private static final long BEAT_MILLIS = 20;
    /** A process that quit by itself this soon after its start is not started again before this pause. */
    private static final long RELAUNCH_BACKOFF_NANOS = 1_000_000_000L;

    private final SiegeEngine engine;
    private final String binary;
    private final Ticker ticker;
    private final Path dir;
    private final String name;
    private final long profileOffsetNanos;
    private final SiegeRecorder recorder;
    private final Object monitor = new Object();
    private final Thread driver;

    private volatile LoadPlan plan;
    private volatile int planVersion;
    private volatile LocalShare share = new LocalShare(0, 0, 0, 0);
    private volatile boolean started;
    private volatile boolean paused;
    private volatile boolean stopped;
    private volatile boolean closed;
    private volatile long sendUntil = Long.MAX_VALUE;
    private volatile long endNanos = Long.MAX_VALUE;
    private volatile long originNanos;
    private volatile boolean poked;

    // driver thread only (current is read by others)
    private volatile SiegeProcess current;
    private int currentPlanVersion;
    private long notBefore;
    private Path rcFile;
    private Path urlFile;
    private int filesVersion = -1;
    private int launches;

    SiegeRunner(SiegeEngine engine, String binary, Ticker ticker, Path dir, String name, LoadPlan plan,
                Duration profileOffset) {
        this.engine = engine;
        this.binary = binary;
        this.ticker = ticker;
        this.dir = dir;
        this.name = name;
        this.plan = plan;
        this.profileOffsetNanos = profileOffset == null ? 0 : profileOffset.toNanos();
        this.recorder = new SiegeRecorder(ticker);
        this.driver = new Thread(this::drive, name + "-driver");
        this.driver.setDaemon(true);
    }

    // ---- LoadRunner ----

    @Override
    public void start(LocalShare s) {
        synchronized (monitor) {
            if (started) {
                throw new IllegalStateException("already started");
            }
            long now = ticker.nanoTime();
            LoadPlan p = plan;
            originNanos = now - profileOffsetNanos;
            endNanos = end(p, originNanos);
            share = s;
            recorder.begin();
            started = true;
        }
        driver.start();
    }

    @Override
    public void requestLog(RequestLog log) {
        // siege reports each request as a line only: the stats are what there is
    }

    @Override
    public void retune(LocalShare s) {
        share = s;
        poke();
    }

    @Override
    public void updatePlan(LoadPlan p) {
        if (p.openModel()) {
            throw new IllegalArgumentException("the siege engine runs the closed model only (users)");
        }
        synchronized (monitor) {
            boolean sameRun = SiegeCommand.sameRun(plan, p);
            plan = p;
            if (sameRun) {
                return;   // only the session's users changed: the share that follows restarts siege, once
            }
            planVersion++;
            if (started) {
                endNanos = end(p, originNanos);
            }
        }
        poke();
    }

    @Override
    public void pause() {
        paused = true;
        terminateCurrent();
        poke();
    }

    @Override
    public void resume() {
        paused = false;
        poke();
    }

    @Override
    public void sendUntil(long deadlineNanos) {
        sendUntil = deadlineNanos;
        if (leaseOver(ticker.nanoTime())) {
            terminateCurrent();
        }
        poke();
    }

    @Override
    public void stop() {
        stopped = true;
        terminateCurrent();
        poke();
    }

    @Override
    public boolean isDone() {
        if (!started) {
            return false;
        }
        if (current != null) {
            return false;
        }
        return stopped || budgetSpent() || ticker.nanoTime() - endNanos >= 0;
    }

    @Override
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isDone()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Override
    public Counters totals() {
        return recorder.totals();
    }

    @Override
    public IntervalStats takeInterval() {
        return recorder.take();
    }

    /** Stops, reaps the process (bounded), ends the driver and removes the run's files. */
    @Override
    public void close() {
        stop();
        if (closed) {
            return;
        }
        closed = true;
        poke();
        try {
            driver.join(3 * engine.settings().termWait().toMillis() + 2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SiegeProcess p = current;
        if (p != null) {
            p.kill();   // the driver did not get to it: never leave one behind
            engine.forget(p);
        }
        engine.removeDir(dir);
        engine.closed(this);
    }

    private static long end(LoadPlan p, long origin) {
        return p.duration() == null ? Long.MAX_VALUE : origin + p.duration().toNanos();
    }

    // ---- what tests and the node may read ----

    /** The running siege process's pid and users, or null. */
    SiegeProcess process() {
        return current;
    }

    int launches() {
        return launches;
    }

    // ---- the driver ----

    private void poke() {
        synchronized (monitor) {
            poked = true;
            monitor.notifyAll();
        }
    }

    private void terminateCurrent() {
        SiegeProcess p = current;
        if (p != null) {
            p.terminate(ticker.nanoTime());
        }
    }

    private boolean leaseOver(long now) {
        long until = sendUntil;
        return until != Long.MAX_VALUE && now - until >= 0;
    }

    private boolean budgetSpent() {
        long q = share.quota();
        return q != LocalShare.UNLIMITED && recorder.issued() >= q;
    }

    private void drive() {
        try {
            while (true) {
                step(ticker.nanoTime());
                if (closed && current == null) {
                    return;
                }
                synchronized (monitor) {
                    if (!poked) {
                        monitor.wait(BEAT_MILLIS);
                    }
                    poked = false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: siege driver failed: {}", name, e.toString(), e);
        } finally {
            SiegeProcess p = current;
            if (p != null) {
                p.kill();
            }
        }
    }

    /** One pass: reap what is over, stop what should not run, start what should. */
    private void step(long now) throws InterruptedException {
        SiegeProcess p = current;
        if (p != null) {
            if (!p.alive()) {
                finish(p, now);
                p = null;
            } else {
                if (!wanted(now, p)) {
                    p.terminate(now);
                } else if (!p.terminated() && now - endNanos - engine.settings().endGrace().toNanos() >= 0) {
                    LOG.warn("{}: siege pid {} still running {} ms past its -t: SIGTERM (JoeDog/siege#4)", name,
                            p.pid(), engine.settings().endGrace().toMillis());
                    p.terminate(now);
                }
                if (p.terminated() && now - p.terminatedAt() >= engine.settings().termWait().toNanos()) {
                    LOG.warn("{}: siege pid {} still running {} ms after SIGTERM: SIGKILL", name, p.pid(),
                            engine.settings().termWait().toMillis());
                    p.kill();
                    finish(p, now);   // reaps: SIGKILL now, bounded waits
                    p = null;
                }
            }
        }
        if (p == null && !closed && !engine.closed() && now - notBefore >= 0) {
            launchIfWanted(now);
        }
    }

    /** True while {@code p} is the process the wanted state asks for. */
    private boolean wanted(long now, SiegeProcess p) {
        return !stopped && !paused && !closed && !leaseOver(now) && currentPlanVersion == planVersion
                && p.command().users() == runUsers(p.command());
    }

    /** The users a run for the current share would have, given the run's own budget cut. */
    private int runUsers(SiegeCommand running) {
        int users = share.users();
        // a last run for a budget's remainder has fewer users on purpose
        return running.reps() == 1 && running.users() < users ? running.users() : users;
    }

    private void finish(SiegeProcess p, long now) throws InterruptedException {
        boolean over = p.reap(now, engine.settings().termWait().toMillis());
        long unseen = p.unseenFailures();
        if (p.summaryTransactions() >= 0) {
            engine.said(p.summaryTransactions());
        }
        for (long i = 0; i < unseen; i++) {
            recorder.failure(org.siegegrid.core.report.ErrorKind.OTHER);
        }
        long ranMillis = (ticker.nanoTime() - p.startedAt()) / 1_000_000;
        LOG.info("{}: siege pid {} (-c {}{}) {} after {} ms; siege said: {}{}; this node counted {} requests{}",
                name, p.pid(), p.command().users(), p.command().reps() > 0 ? " -r " + p.command().reps() : "",
                over ? "exited " + p.exitValue() : "did not exit even after SIGKILL", ranMillis, p.said(),
                unseen > 0 ? " (" + unseen + " failures without a line)" : "", recorder.issued(),
                p.notes().isEmpty() ? "" : "; it said: " + p.notes());
        if (!p.terminated() && ranMillis < 1_000 && p.exitValue() != 0) {
            notBefore = ticker.nanoTime() + RELAUNCH_BACKOFF_NANOS;
        }
        if (over) {
            engine.forget(p);
        }
        current = null;
    }

    private void launchIfWanted(long now) throws InterruptedException {
        if (!started || stopped || paused || leaseOver(now)) {
            return;
        }
        LocalShare s = share;
        long left = s.quota() == LocalShare.UNLIMITED ? Long.MAX_VALUE : s.quota() - recorder.issued();
        long seconds = 0;
        if (endNanos != Long.MAX_VALUE) {
            long nanos = endNanos - now;
            if (nanos < 1_000_000_000L) {
                return;   // less than siege's smallest -t left: the plan is over for siege
            }
            seconds = (nanos + 999_999_999L) / 1_000_000_000L;   // siege -t is whole seconds: the rest of the plan
        }
        SiegeCommand cmd = SiegeCommand.forBudget(s.users(), left, seconds);
        if (cmd == null) {
            return;
        }
        int version = planVersion;
        LoadPlan p = plan;
        writeFiles(p, version, s.users());
        List<String> argv = new java.util.ArrayList<>(engine.prefix());
        argv.addAll(cmd.argv(binary, p, rcFile, urlFile));
        try {
            SiegeProcess proc = SiegeProcess.start(argv, cmd, recorder::record, name + "-" + launches,
                    ticker.nanoTime(), dir);
            engine.track(proc);
            currentPlanVersion = version;
            current = proc;
            launches++;
            LOG.info("{}: siege pid {} started: {}", name, proc.pid(), String.join(" ", argv));
            if (stopped || paused || closed) {
                proc.terminate(ticker.nanoTime());   // a control call came while it started
            }
        } catch (IOException e) {
            LOG.error("{}: siege did not start ({}): {}", name, binary, e.getMessage());
            notBefore = now + RELAUNCH_BACKOFF_NANOS;
        }
    }

    private void writeFiles(LoadPlan p, int version, int users) {
        if (filesVersion == version && rcFile != null) {
            return;
        }
        try {
            SiegeFiles.Written w = SiegeFiles.write(dir, p, version, users);
            rcFile = w.rc();
            urlFile = w.urls();
            filesVersion = version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
