package org.siegegrid.core.load;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.IntervalStats;
import org.siegegrid.core.session.HttpOptions;
import org.siegegrid.core.session.Target;

/**
 * One session's load on this node, spread over the engine's I/O loops as one {@link Slice} per
 * loop. Control calls set volatile state and post a task to each loop; pause and stop also wait
 * until no loop is inside a batch of sends, so nothing starts after they return.
 */
final class NativeRunner implements LoadRunner {
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int PAUSED = 2;
    private static final int STOPPED = 3;
    private static final long WAIT_CAP_NANOS = 50_000_000L;

    private final HttpTransport transport;
    private final Ticker ticker;
    private final int loopOffset;
    private final Object monitor = new Object();
    private final Object doneMonitor = new Object();
    private volatile int waiters;
    private final Budget budget = new Budget();
    private final Slice[] slices;
    private final RunnerStats stats;
    private volatile LoadPlan plan;
    private volatile PreparedRequest[] prepared;
    private volatile int gate = NEW;
    private volatile boolean closed;
    private volatile long startNanos;
    private volatile long endNanos = Long.MAX_VALUE;
    /** When {@link #stop} ended sending, on the ticker ({@link Long#MAX_VALUE} until then). */
    private volatile long stoppedAt = Long.MAX_VALUE;
    private volatile LocalShare share;
    private final long profileOffsetNanos;
    private volatile RequestLog requestLog;
    /** See {@link LoadRunner#sendUntil}. */
    private volatile long sendUntil = Long.MAX_VALUE;
    private final java.util.concurrent.atomic.AtomicLong socketFailures = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean abortedByFailures;

    NativeRunner(HttpTransport transport, Ticker ticker, int loopOffset, LoadPlan plan, Duration profileOffset) {
        this.transport = transport;
        this.ticker = ticker;
        this.loopOffset = loopOffset;
        this.plan = plan;
        this.profileOffsetNanos = profileOffset == null ? 0 : profileOffset.toNanos();
        this.slices = new Slice[transport.loopCount()];
        this.stats = new RunnerStats(slices);
        this.prepared = prepare(plan);
    }

    private PreparedRequest[] prepare(LoadPlan p) {
        PreparedRequest[] out = new PreparedRequest[p.targets().size()];
        boolean gzip = p.http().gzip();
        for (int i = 0; i < out.length; i++) {
            out[i] = transport.prepare(withDefaults(p.targets().get(i), gzip));
        }
        return out;
    }

    /** siege's {@code Accept-Encoding: gzip, deflate} unless the target says otherwise (or gzip is off). */
    static Target withDefaults(Target given, boolean gzip) {
        return org.siegegrid.core.load.http.RequestBytes.withDefaults(given, gzip);
    }

    /** A redirect's request (already carrying the headers of the one it came from), prepared on a loop. */
    PreparedRequest prepareRedirect(Target t) {
        return transport.prepare(t);
    }

    /**
     * One socket failure (refused, reset, timeout, ...; not a 4xx/5xx, as siege counts them): at the
     * plan's bound the runner stops, as siege aborts. Called on a loop; the stop runs on a thread of
     * its own (it waits for the loops).
     */
    void socketFailure() {
        Integer limit = plan.http().failures();
        if (limit == null) {
            return;
        }
        if (socketFailures.incrementAndGet() == limit) {
            abortedByFailures = true;
            sendUntil = ticker.nanoTime(); // nothing more starts from now on (mayStart reads it anyway)
            Thread t = new Thread(this::stop, "siegegrid-failures-bound");
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public boolean abortedByFailures() {
        return abortedByFailures;
    }

    // ---- LoadRunner ----

    @Override
    public void requestLog(RequestLog log) {
        requestLog = log;
    }

    RequestLog requestLog() {
        return requestLog;
    }

    @Override
    public void start(LocalShare s) {
        synchronized (monitor) {
            LoadPlan p = plan;
            if (gate != NEW) {
                throw new IllegalStateException("already started");
            }
            long now = ticker.nanoTime();
            long origin = now - profileOffsetNanos;
            startNanos = now;
            stats.begin(now);
            endNanos = end(p, origin);
            budget.set(s.quota());
            share = s;
            for (int k = 0; k < slices.length; k++) {
                IoLoop loop = transport.loop((k + loopOffset) % slices.length);
                slices[k] = p.openModel() ? new OpenSlice(this, loop, k, ticker, p, prepared, origin)
                        : new ClosedSlice(this, loop, k, ticker, p, prepared);
            }
            gate = RUNNING;
            SharePlan parts = SharePlan.split(p, s, slices.length);
            // a runner that starts a little after its profile's origin (within the lateness bound) keeps
            // the schedule of the origin: the requests due since are sent late, not skipped
            long anchor = p.openModel() && profileOffsetNanos > 0 && profileOffsetNanos <= p.maxLateness().toNanos()
                    ? origin : now;
            forEach((slice, k) -> slice.apply(anchor, parts.part(k), true));
        }
    }

    /** The plan's own end: its duration, or the end of its rate profile, from the profile origin. */
    private static long end(LoadPlan p, long origin) {
        long end = Long.MAX_VALUE;
        if (p.duration() != null) {
            end = origin + p.duration().toNanos();
        }
        if (p.openModel() && !Double.isInfinite(p.profile().endSeconds())) {
            end = Math.min(end, origin + Math.round(p.profile().endSeconds() * 1e9));
        }
        return end;
    }

    @Override
    public void retune(LocalShare s) {
        synchronized (monitor) {
            share = s;
            budget.set(s.quota());
            if (gate == NEW || gate == STOPPED) {
                return;
            }
            long now = ticker.nanoTime();
            SharePlan parts = SharePlan.split(plan, s, slices.length);
            forEach((slice, k) -> slice.apply(now, parts.part(k), false));
        }
    }

    @Override
    public void updatePlan(LoadPlan p) {
        if (p.openModel() != plan.openModel()) {
            throw new IllegalArgumentException("a running session cannot switch between rate and users");
        }
        PreparedRequest[] reqs = prepare(p);
        synchronized (monitor) {
            plan = p;
            prepared = reqs;
            if (gate == NEW) {
                return;
            }
            long now = ticker.nanoTime();
            endNanos = end(p, startNanos - profileOffsetNanos);
            forEach((slice, k) -> slice.newPlan(now, p, reqs));
            if (gate != STOPPED) {
                SharePlan parts = SharePlan.split(p, share, slices.length);
                forEach((slice, k) -> slice.apply(now, parts.part(k), false));
            }
        }
    }

    @Override
    public void pause() {
        synchronized (monitor) {
            if (gate != RUNNING) {
                return;
            }
            gate = PAUSED;
            fence();
            long now = ticker.nanoTime();
            forEach((slice, k) -> slice.pause(now));
        }
    }

    @Override
    public void resume() {
        synchronized (monitor) {
            if (gate != PAUSED) {
                return;
            }
            gate = RUNNING;
            long now = ticker.nanoTime();
            forEach((slice, k) -> slice.resume(now));
        }
    }

    @Override
    public void stop() {
        synchronized (monitor) {
            if (gate == STOPPED) {
                return;
            }
            boolean started = gate != NEW;
            gate = STOPPED;
            if (started) {
                stoppedAt = ticker.nanoTime();
                fence();
                forEach((slice, k) -> slice.finish());
            }
        }
        signal();
    }

    /** Waits until no loop is inside a batch of sends (which re-checks the gate first). */
    private void fence() {
        for (Slice s : slices) {
            if (s != null && !s.loop.inLoop()) {
                while (s.sending) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private void forEach(BiConsumer<Slice, Integer> action) {
        for (int k = 0; k < slices.length; k++) {
            Slice s = slices[k];
            int idx = k;
            if (s.loop.inLoop()) {
                action.accept(s, idx);
            } else {
                s.loop.execute(() -> action.accept(s, idx));
            }
        }
    }

    @Override
    public boolean isDone() {
        int g = gate;
        if (g == NEW) {
            return false;
        }
        boolean ended = pastEnd(ticker.nanoTime());
        boolean noMore = g == STOPPED || ended || !budget.left();
        if (!noMore) {
            return false;
        }
        for (Slice s : slices) {
            if (s == null) {
                continue; // stopped before it started
            }
            if (s.inFlight() != 0) {
                return false;
            }
            if (ended && g != STOPPED && budget.left() && !s.finishing) {
                return false; // its loop may still send what was due before the end
            }
        }
        return true;
    }

    @Override
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (doneMonitor) {
            waiters++;
            try {
                while (!isDone()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    // signal() wakes us; the cap is only a safety net (and lets a test's ticker move)
                    TimeUnit.NANOSECONDS.timedWait(doneMonitor, Math.min(left, WAIT_CAP_NANOS));
                }
                return true;
            } finally {
                waiters--;
            }
        }
    }

    @Override
    public Counters totals() {
        return stats.totals();
    }

    @Override
    public IntervalStats takeInterval() {
        synchronized (monitor) {
            return stats.take(ticker, gate != NEW, Math.min(stoppedAt, endNanos));
        }
    }

    @Override
    public void close() {
        stop();
        if (closed) {
            return;
        }
        closed = true;
        CountDownLatch released = new CountDownLatch(slices.length);
        for (Slice s : slices) {
            if (s == null) {
                released.countDown();
            } else if (s.loop.inLoop()) {
                s.closeAll();
                released.countDown();
            } else {
                s.loop.execute(() -> {
                    s.closeAll();
                    released.countDown();
                });
            }
        }
        try {
            released.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- for the slices ----

    boolean mayStart() {
        long until = sendUntil;
        return gate == RUNNING && (until == Long.MAX_VALUE || ticker.nanoTime() - until < 0);
    }

    @Override
    public void sendUntil(long deadlineNanos) {
        synchronized (monitor) {
            long before = sendUntil;
            sendUntil = deadlineNanos;
            if (gate != RUNNING || deadlineNanos - before <= 0) {
                return;
            }
            long now = ticker.nanoTime();
            if (before != Long.MAX_VALUE && now - before >= 0) {
                // the old lease ran out before this one came: like a pause, what fell due meanwhile is skipped
                forEach((slice, k) -> slice.resume(now));
            } else {
                forEach((slice, k) -> slice.kick());
            }
        }
    }

    boolean closed() {
        return closed;
    }

    long endNanos() {
        return endNanos;
    }

    boolean pastEnd(long now) {
        return now >= endNanos;
    }

    long budgetRemaining() {
        return budget.remaining();
    }

    /** Takes one request from the budget; false when it is spent. */
    boolean tryAcquire() {
        return budget.tryAcquire();
    }

    /** Wakes awaitDone callers (cheap when there are none). */
    void signal() {
        if (waiters == 0) {
            return;
        }
        synchronized (doneMonitor) {
            doneMonitor.notifyAll();
        }
    }
}
