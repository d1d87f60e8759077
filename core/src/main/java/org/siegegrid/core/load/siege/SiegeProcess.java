package org.siegegrid.core.load.siege;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.report.ErrorKind;

/**
 * One siege process and the two threads that read its output into lines. {@link #terminate} sends
 * SIGTERM at once (never blocks); {@link #reap} waits for the exit for at most a bound, then sends
 * SIGKILL and waits a bound again: nothing here waits forever. Once it is over and both readers are
 * at the end of their stream, {@link #reconcile} adds the failures siege's summary counted but never
 * printed a line for (a garbled response, for one) as {@link ErrorKind#OTHER}.
 */
final class SiegeProcess {
    private static final Logger LOG = LogManager.getLogger(SiegeProcess.class);

    private final Process process;
    private final SiegeCommand command;
    private final CountDownLatch readers = new CountDownLatch(2);
    private final AtomicLong seenFailures = new AtomicLong();
    private final AtomicLong seenTransactions = new AtomicLong();
    private volatile double summaryFailed = -1;
    private volatile double summaryTransactions = -1;
    private volatile long killedAt;
    private final java.util.Deque<String> notes = new java.util.concurrent.ConcurrentLinkedDeque<>();

    private final long startedAt;

    private SiegeProcess(Process process, SiegeCommand command, long startedAt) {
        this.process = process;
        this.command = command;
        this.startedAt = startedAt;
    }

    /** Starts {@code argv}; every parsed line goes to {@code sink} (on the reader threads). */
    static SiegeProcess start(List<String> argv, SiegeCommand command, Consumer<SiegeLine> sink, String name,
                              long nowNanos, java.nio.file.Path workDir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        pb.environment().put("HOME", workDir.toString());   // siege writes its template rc into $HOME/.siege
        SiegeProcess p = new SiegeProcess(pb.start(), command, nowNanos);
        p.read(p.process.getInputStream(), sink, name + "-out");
        p.read(p.process.getErrorStream(), sink, name + "-err");
        return p;
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }

    private void read(InputStream in, Consumer<SiegeLine> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    SiegeLine l = SiegeOutput.parse(line);
                    tally(l);
                    sink.accept(l);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("{}: {}", name, e.toString());
            } finally {
                readers.countDown();
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private void tally(SiegeLine l) {
        if (l instanceof SiegeLine.Failure) {
            seenFailures.incrementAndGet();
        } else if (l instanceof SiegeLine.Response r) {
            if (r.status() >= 500) {
                seenFailures.incrementAndGet();
            } else {
                seenTransactions.incrementAndGet();
            }
        } else if (l instanceof SiegeLine.Other o && !o.text().isEmpty() && !o.text().startsWith("**")
                && !o.text().startsWith("The server is now under siege")) {
            notes.addLast(o.text());
            if (notes.size() > 3) {
                notes.pollFirst();
            }
        } else if (l instanceof SiegeLine.Summary s) {
            if (s.field().equals("Failed transactions")) {
                summaryFailed = s.value();
            } else if (s.field().equals("Transactions")) {
                summaryTransactions = s.value();
            }
        }
    }

    SiegeCommand command() {
        return command;
    }

    long startedAt() {
        return startedAt;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Exited and every line read. */
    boolean over() {
        return !process.isAlive() && readers.getCount() == 0;
    }

    /** SIGTERM, at once; the first call only. */
    void terminate(long nowNanos) {
        if (killedAt == 0 && process.isAlive()) {
            killedAt = nowNanos | 1;
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    boolean terminated() {
        return killedAt != 0;
    }

    /** Nanos (on the caller's clock) when SIGTERM was sent; 0 if never. */
    long terminatedAt() {
        return killedAt;
    }

    /** SIGKILL, at once. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Waits for the exit (SIGTERM first when it is still running), at most {@code termMillis}, then
     * SIGKILL and at most {@code termMillis} again; then up to a second for the readers. True if over.
     */
    boolean reap(long nowNanos, long termMillis) throws InterruptedException {
        terminate(nowNanos);
        if (!process.waitFor(termMillis, TimeUnit.MILLISECONDS)) {
            LOG.warn("siege pid {} still running {} ms after SIGTERM: SIGKILL", pid(), termMillis);
            kill();
            process.waitFor(termMillis, TimeUnit.MILLISECONDS);
        }
        readers.await(1, TimeUnit.SECONDS);
        return over();
    }

    /** Failures siege's summary counted beyond the lines it printed (0 without a summary). */
    long unseenFailures() {
        double f = summaryFailed;
        return f < 0 ? 0 : Math.max(0, Math.round(f) - seenFailures.get());
    }

    /** Transactions siege's summary reported (non-5xx responses), or -1 without a summary. */
    long summaryTransactions() {
        double t = summaryTransactions;
        return t < 0 ? -1 : Math.round(t);
    }

    /** What siege said it did, for the log: "T transactions, F failed" or "no summary". */
    String said() {
        double t = summaryTransactions;
        return t < 0 ? "no summary" : Math.round(t) + " transactions, " + Math.round(summaryFailed) + " failed";
    }

    /** The last few lines siege printed that were neither requests nor summary (why it quit, say). */
    String notes() {
        return String.join(" | ", notes);
    }

    int exitValue() {
        return process.isAlive() ? -1 : process.exitValue();
    }
}
