package org.siegegrid.core.load;

import java.util.ArrayList;
import java.util.List;

import org.siegegrid.core.report.ErrorKind;

/**
 * One runner's part of the load on one I/O loop: its connections (slots), its stats, and (in the
 * subclasses) its pacing. Everything but the volatile fields is touched only on the loop thread.
 */
abstract class Slice {
    final NativeRunner runner;
    final IoLoop loop;
    final int index;
    final Ticker ticker;
    final SliceStats stats = new SliceStats();
    final List<Slot> slots = new ArrayList<>();
    long timeoutNanos;
    /** Follow redirects (siege's default; {@code --no-follow}). */
    boolean follow;
    /** The requests redirects lead to, prepared once (a new host is resolved here, on the loop, once). */
    private final java.util.Map<RedirectKey, PreparedRequest> redirects = new java.util.HashMap<>();
    private static final int MAX_REDIRECT_TARGETS = 1024;

    private record RedirectKey(PreparedRequest from, int status, String location) {
    }
    /** Set on the loop once this slice will send no more (stopped or past the plan's end). */
    volatile boolean finishing;

    /** True while this slice's loop is between the gate check and the end of a batch of sends. */
    volatile boolean sending;
    private volatile int inFlight;
    private long sweepPeriodNanos;
    private boolean sweepScheduled;

    Slice(NativeRunner runner, IoLoop loop, int index, Ticker ticker, long timeoutNanos) {
        this.runner = runner;
        this.loop = loop;
        this.index = index;
        this.ticker = ticker;
        this.timeoutNanos = timeoutNanos;
    }

    /** Takes the plan's HTTP behaviour (at start and with each new plan). */
    void http(org.siegegrid.core.session.HttpOptions h) {
        follow = h.follow();
        redirects.clear();
    }

    /** The request a redirect leads to, or null when it leads nowhere this engine can send. */
    final PreparedRequest redirect(PreparedRequest from, int status, String location) {
        RedirectKey key = new RedirectKey(from, status, location);
        PreparedRequest r = redirects.get(key);
        if (r != null) {
            return r;
        }
        String url = Redirects.resolve(from.target().url(), location);
        if (url == null) {
            return null;
        }
        try {
            r = runner.prepareRedirect(Redirects.follow(from.target(), status, url));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (redirects.size() >= MAX_REDIRECT_TARGETS) {
            redirects.clear();
        }
        redirects.put(key, r);
        return r;
    }

    /**
     * One hop of a redirect chain answered: counted as a transaction (as siege counts it) while the
     * request stays in flight for the next hop. False, and nothing counted, when no more may start.
     */
    final boolean hop(Slot s, int status, long bodyBytes) {
        long now = ticker.nanoTime();
        if (finishing || s.retired || runner.pastEnd(now) || !runner.mayStart()) {
            return false;
        }
        stats.response(status, bodyBytes, now - s.intendedNanos, now - s.startNanos);
        RequestLog log = runner.requestLog();
        if (log != null) {
            log.completed(s.current.target(), status, bodyBytes, now - s.startNanos);
        }
        stats.issued();
        return true;
    }

    // ---- control, always on the loop ----

    /** Starts or retunes this slice's part of the share. */
    abstract void apply(long now, SlicePart part, boolean starting);

    abstract void newPlan(long now, LoadPlan plan, PreparedRequest[] prepared);

    abstract void pause(long now);

    abstract void resume(long now);

    /** Something may be sendable again (more quota, resumed). */
    abstract void kick();

    /** The runner will send no more (stopped or ended): drop idle connections. */
    void finish() {
        finishing = true;
        for (Slot s : slots) {
            if (!s.inFlight) {
                s.closeConnection();
            }
        }
        runner.signal();
    }

    /** Releases every connection (close of the runner). */
    void closeAll() {
        finishing = true;
        for (Slot s : slots) {
            s.closeConnection();
        }
        slots.clear();
    }

    // ---- sending ----

    /** The pause/stop fence: false means no request may start now. */
    final boolean beginSend() {
        sending = true;
        if (!runner.mayStart()) {
            sending = false;
            return false;
        }
        return true;
    }

    final void endSend() {
        sending = false;
    }

    /**
     * Takes one request from the budget, counting it in flight first, so that isDone never sees
     * the budget spent with the last request not yet in flight. False when the budget is spent.
     */
    final boolean reserve() {
        inFlight = inFlight + 1;
        if (runner.tryAcquire()) {
            return true;
        }
        inFlight = inFlight - 1;
        if (inFlight == 0) {
            runner.signal();
        }
        return false;
    }

    /** Sends a reserved request. */
    final void issue(Slot s, PreparedRequest r, long intendedNanos) {
        issue(s, r, intendedNanos, ticker.nanoTime());
    }

    /** Sends a reserved request; {@code nowNanos} is a clock reading taken just before. */
    final void issue(Slot s, PreparedRequest r, long intendedNanos, long nowNanos) {
        stats.issued();
        s.start(r, intendedNanos, nowNanos);
    }

    final int inFlight() {
        return inFlight;
    }

    // ---- outcomes, from the slots ----

    final void completed(Slot s, int status, long bodyBytes) {
        long now = ticker.nanoTime();
        stats.response(status, bodyBytes, now - s.intendedNanos, now - s.startNanos);
        RequestLog log = runner.requestLog();
        if (log != null) {
            log.completed(s.current.target(), status, bodyBytes, now - s.startNanos);
        }
        done(s, now);
    }

    final void failed(Slot s, ErrorKind kind) {
        stats.failure(kind);
        if (kind.socketLevel()) {
            runner.socketFailure();
        }
        RequestLog log = runner.requestLog();
        if (log != null) {
            log.failed(s.current.target(), kind);
        }
        done(s, ticker.nanoTime());
    }

    private void done(Slot s, long now) {
        inFlight = inFlight - 1;
        if (finishing || s.retired) {
            s.closeConnection();
            if (s.retired) {
                slots.remove(s);
            }
            if (inFlight == 0) {
                runner.signal();
            }
            return;
        }
        afterCompletion(s, now);
        if (inFlight == 0) {
            runner.signal();
        }
    }

    /** A slot is free again (not finishing, not retired). */
    abstract void afterCompletion(Slot s, long now);

    // ---- timeouts: one sweep per slice, not one timer per request ----

    final void startSweep() {
        sweepPeriodNanos = Math.max(1_000_000L, Math.min(timeoutNanos / 10, 100_000_000L));
        if (!sweepScheduled) {
            sweepScheduled = true;
            loop.schedule(this::sweep, sweepPeriodNanos);
        }
        long end = runner.endNanos();
        if (end != Long.MAX_VALUE) {
            loop.schedule(this::checkEnd, end - ticker.nanoTime());
        }
    }

    private void checkEnd() {
        long now = ticker.nanoTime();
        if (!finishing && runner.pastEnd(now)) {
            finish();
        } else if (!finishing && runner.endNanos() != Long.MAX_VALUE) {
            loop.schedule(this::checkEnd, runner.endNanos() - now);
        }
    }

    private void sweep() {
        sweepScheduled = false;
        if (runner.closed()) {
            return;
        }
        long now = ticker.nanoTime();
        for (int i = slots.size() - 1; i >= 0; i--) {
            if (i >= slots.size()) {
                continue;
            }
            Slot s = slots.get(i);
            if (s.inFlight && now - s.startNanos > timeoutNanos) {
                s.timeout();
            }
        }
        tick(now);
        if (runner.pastEnd(now) && !finishing) {
            finish();
        }
        if (!(finishing && inFlight == 0)) {
            sweepScheduled = true;
            loop.schedule(this::sweep, sweepPeriodNanos);
        }
    }

    /** Periodic housekeeping on the loop (with the timeout sweep). */
    void tick(long now) {
    }

    /** What one slice runs: its connections and rate fraction (open) or its users (closed). */
    record SlicePart(double fraction, int connections, double phase, int users, long seed, int senders) {
        /** A part of a plan with {@code senders} slices sending (their schedules interleaved by phase). */
        SlicePart {
            senders = Math.max(1, senders);
        }

        SlicePart(double fraction, int connections, double phase, int users, long seed) {
            this(fraction, connections, phase, users, seed, 1);
        }
    }
}
