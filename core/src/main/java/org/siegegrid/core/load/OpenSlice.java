package org.siegegrid.core.load;

import java.util.ArrayDeque;
import java.util.Iterator;

import org.siegegrid.core.session.Order;

/**
 * Open model on one loop: its own {@link Pacer} with its fraction of the rate, a bounded set of
 * connections, and one timer at the next due time (batching every request due by then).
 */
final class OpenSlice extends Slice {
    private final Pacer pacer;
    private final ArrayDeque<Slot> idle = new ArrayDeque<>();
    private TargetPicker picker;
    private PreparedRequest[] prepared;
    private Order order;
    private long seed;
    /** Slices sending this plan: this one takes every {@code senders}-th target (see {@link TargetPicker}). */
    private int senders = 1;
    private PreparedRequest nextRequest;
    private int maxConnections;
    private long wakeAt = Pacer.NEVER;
    private long dueCount;
    /** The budget ran out with a request due: the schedule waits, as in a pause, for a larger budget. */
    private boolean starved;

    OpenSlice(NativeRunner runner, IoLoop loop, int index, Ticker ticker, LoadPlan plan, PreparedRequest[] prepared,
              long originNanos) {
        super(runner, loop, index, ticker, plan.timeout().toNanos());
        this.pacer = new Pacer(plan.profile(), originNanos, plan.maxLateness().toNanos());
        this.prepared = prepared;
        this.seed = plan.seed();
        this.order = plan.order();
        this.picker = picker();
        http(plan.http()); // redirects are followed; cookies are not kept (no user to keep them: see HttpOptions)
    }

    private TargetPicker picker() {
        return new TargetPicker(prepared, order, seed + index, index, senders);
    }

    @Override
    void apply(long now, SlicePart part, boolean starting) {
        maxConnections = part.connections();
        trimIdle();
        if (part.senders() != senders) {
            senders = part.senders();
            picker = picker();
            nextRequest = null;
        }
        if (starting) {
            pacer.start(now, part.fraction(), part.phase());
            startSweep();
        } else {
            pacer.retune(now, part.fraction());
        }
        pump();
    }

    @Override
    void newPlan(long now, LoadPlan plan, PreparedRequest[] prepared) {
        timeoutNanos = plan.timeout().toNanos();
        http(plan.http());
        this.prepared = prepared;
        this.seed = plan.seed();
        this.order = plan.order();
        picker = picker();
        nextRequest = null;
        pacer.setProfile(now, plan.profile());
        pump();
    }

    @Override
    void pause(long now) {
        pacer.pause(now);
    }

    @Override
    void resume(long now) {
        pacer.resume(now);
        pump();
    }

    @Override
    void kick() {
        pump(false);
    }

    /** Ends sending; requests that were due but never got a connection count as dropped (and in corrected latency). */
    @Override
    void finish() {
        if (!finishing) {
            countDue(Math.min(ticker.nanoTime(), runner.endNanos() - 1));
            long backlog = dueCount - pacer.next();
            if (backlog > 0) {
                stats.dropped(backlog);
                long end = Math.min(ticker.nanoTime(), runner.endNanos());
                pacer.dueTimes(pacer.next(), dueCount, due -> stats.droppedLatency(end - due, pacer.maxLatenessNanos()));
            }
        }
        super.finish();
        idle.clear();
    }

    @Override
    void afterCompletion(Slot s, long now) {
        // requests overdue and no other connection free: this completion is what they were waiting for,
        // so their lateness is the server's doing (it held every connection), not the loop's
        boolean held = idle.isEmpty() && slots.size() >= maxConnections && pacer.nextDue() < now;
        if (slots.size() > maxConnections) {
            s.closeConnection();
            slots.remove(s);
        } else {
            idle.push(s);
        }
        pump(held);
    }

    private void trimIdle() {
        while (slots.size() > maxConnections && !idle.isEmpty()) {
            Slot s = idle.pollLast();
            s.closeConnection();
            slots.remove(s);
        }
    }

    /** Sends every request due by now on free connections, then sleeps until the next due time. */
    void pump() {
        pump(false);
    }

    /** @param held a completion freed a connection that due requests were waiting for (every one was busy) */
    private void pump(boolean held) {
        if (finishing || !runner.mayStart()) {
            return;
        }
        long now = ticker.nanoTime();
        if (starved) {
            if (runner.budgetRemaining() <= 0) {
                return; // nothing can go out until a larger budget arrives (its retune pumps again)
            }
            // what fell due while the budget was spent was never due: no catch-up burst, nothing dropped
            starved = false;
            pacer.resume(now);
        }
        // requests due before the plan's end are still sent when the loop wakes a little after it
        long end = runner.endNanos();
        long limit = Math.min(now, end - 1);
        countDue(now);
        if (pacer.overdue(now)) {   // checked first: no lambda on the hot path
            stats.dropped(pacer.dropOverdue(now, due -> stats.droppedLatency(now - due, pacer.maxLatenessNanos())));
        }
        if (!beginSend()) {
            return;
        }
        try {
            while (pacer.nextDue() <= limit) {
                if (nextRequest == null) {
                    nextRequest = picker.next();
                }
                Slot s = freeSlot(nextRequest);
                if (s == null) {
                    break; // every connection busy: the schedule falls behind, corrected latency shows it
                }
                if (!reserve()) {
                    idle.push(s);
                    starved = true;
                    break; // budget spent
                }
                long due = pacer.advance();
                PreparedRequest r = nextRequest;
                nextRequest = null;
                long at = ticker.nanoTime();
                // late on a connection the server had held is the server's doing; late with one free, the loop's
                long late = Math.max(0, at - due);
                stats.late(held ? 0 : late, held ? late : 0);
                issue(s, r, due, at);
            }
        } finally {
            endSend();
        }
        countDue(now);
        if (now >= end) {
            finish();
            return;
        }
        scheduleWake(now);
    }

    /**
     * Publishes how many requests the schedule has made due so far (sent, dropped or still waiting
     * for a connection), so a growing backlog shows before anything is dropped. Stops with the budget
     * (slices share it, so the last few before it runs out may be counted due by more than one).
     */
    private void countDue(long now) {
        long left = runner.budgetRemaining();
        if (left <= 0) {
            return;
        }
        long upTo = Math.max(pacer.next(), (long) Math.ceil(pacer.virtualCount(Math.min(now, runner.endNanos() - 1))));
        if (left != Long.MAX_VALUE) {
            upTo = Math.min(upTo, pacer.next() + left); // nothing beyond the budget is due
        }
        if (upTo > dueCount) {
            stats.due(upTo - dueCount);
            dueCount = upTo;
        }
    }

    @Override
    void tick(long now) {
        countDue(now);
    }

    private Slot freeSlot(PreparedRequest r) {
        for (Iterator<Slot> it = idle.iterator(); it.hasNext(); ) {
            Slot s = it.next();
            if (s.matches(r)) {
                it.remove();
                return s;
            }
        }
        if (slots.size() < maxConnections) {
            Slot s = new Slot(this, null);
            slots.add(s);
            return s;
        }
        return idle.pollLast(); // another origin's idle connection: it reconnects
    }

    private void scheduleWake(long now) {
        long due = pacer.nextDue();
        if (due <= now) {
            return; // stopped by busy connections (a completion pumps) or the budget (a retune kicks)
        }
        if (due == Pacer.NEVER || (idle.isEmpty() && slots.size() >= maxConnections)) {
            long end = runner.endNanos();
            if (end != Long.MAX_VALUE) {
                due = end; // wake at the end to finish
            } else {
                return; // a completion pumps again
            }
        }
        if (wakeAt <= due && wakeAt > now) {
            return; // an earlier wake is pending
        }
        wakeAt = due;
        loop.schedule(this::onWake, due - now);
    }

    private void onWake() {
        if (ticker.nanoTime() >= wakeAt) {
            wakeAt = Pacer.NEVER;
        }
        pump();
    }
}
