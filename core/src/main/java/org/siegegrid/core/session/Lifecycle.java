package org.siegegrid.core.session;

import java.time.Duration;

import org.siegegrid.core.board.NodeEntry;

/**
 * The one place where a session changes state: a pure function (session, event, cluster time) →
 * outcome, and the one answer to "is this session over". No clock, no cluster: the caller passes
 * the cluster time, so the same event gives the same result on a map entry's primary and backup.
 *
 * <pre>
 * PENDING ──Start──▶ RUNNING ⇄ PAUSED (Tick: no live node takes load / some does)
 *    │                  │         │
 *    └──────Stop────────┴──Stop───┴──▶ STOPPING (also Tick: duration, last stage or budget spent)
 *                                         │
 *                                         └──Finish──▶ FINISHED | FAILED ──Delete──▶ tombstone
 * </pre>
 * Every move to STOPPING, a delete and a spec update bump the version (they must win a split-brain
 * merge); pausing, resuming and finishing do not.
 */
public final class Lifecycle {
    public static final String DURATION_REACHED = "duration reached";
    public static final String LAST_STAGE_ENDED = "last stage ended";
    public static final String BUDGET_SPENT = "request budget spent";
    public static final String STOPPED = "stopped by request";
    public static final String NO_CAPACITY = "no capacity: every live node is drained";

    private Lifecycle() {
    }

    /** What happened to a session. */
    public sealed interface Event permits Start, Stop, Update, Tick, Finish, Delete {
    }

    /** PENDING → RUNNING, the start time on the cluster clock. */
    public record Start() implements Event {
    }

    /** A user's stop: STOPPING now; the nodes drain their in-flight requests. */
    public record Stop(String reason) implements Event {
    }

    /** A new spec for a session that has not ended (version + 1), with its seal (null without a cluster secret). */
    public record Update(SessionSpec spec, String seal) implements Event {
        public Update(SessionSpec spec) {
            this(spec, null);
        }
    }

    /**
     * The coordinator's look at a session: ends it by time or budget, pauses or resumes it.
     *
     * @param capacity some live node takes load (is not drained)
     */
    public record Tick(boolean capacity) implements Event {
    }

    /** STOPPING → FINISHED, or FAILED when {@code failed}; {@code reason} replaces the stop's reason when given. */
    public record Finish(boolean failed, String reason) implements Event {
    }

    /** A finished session becomes its tombstone (version + 1), so a minority's stale copy cannot resurrect it. */
    public record Delete() implements Event {
    }

    /**
     * @param session the value after the event (the same value when nothing changed); null when absent
     * @param changed whether the value is to be written
     * @param refusal why the event does not apply (a user's request that must answer 409), or null
     */
    public record Outcome(Session session, boolean changed, String refusal) {
        static Outcome same(Session s) {
            return new Outcome(s, false, null);
        }

        static Outcome refused(Session s, String why) {
            return new Outcome(s, false, why);
        }

        static Outcome to(Session s) {
            return new Outcome(s, true, null);
        }

        public boolean refused() {
            return refusal != null;
        }
    }

    public static Outcome apply(Session s, Event event, long now) {
        if (s == null || s.deleted()) {
            return Outcome.refused(s, "no such session");
        }
        SessionState state = s.state();
        if (event instanceof Start) {
            return state == SessionState.PENDING
                    ? Outcome.to(s.withState(SessionState.RUNNING).withStartedAt(now)) : Outcome.same(s);
        }
        if (event instanceof Stop stop) {
            if (state.terminal()) {
                return Outcome.refused(s, "session " + s.id() + " is already " + state);
            }
            return state == SessionState.STOPPING ? Outcome.same(s)
                    : Outcome.to(s.stopping(stop.reason() == null ? STOPPED : stop.reason()).withEndedAt(now));
        }
        if (event instanceof Update u) {
            if (state.terminal() || state == SessionState.STOPPING) {
                return Outcome.refused(s, "session " + s.id() + " is " + state + " and cannot change");
            }
            if (u.spec().openModel() != s.spec().openModel()) {
                return Outcome.refused(s, "a session cannot switch between a rate (rps) and users");
            }
            return Outcome.to(s.withSpec(u.spec(), u.seal()));
        }
        if (event instanceof Tick t) {
            return tick(s, t.capacity(), now);
        }
        if (event instanceof Finish f) {
            return state != SessionState.STOPPING ? Outcome.same(s)
                    : Outcome.to(s.withState(f.failed() ? SessionState.FAILED : SessionState.FINISHED,
                    f.reason() == null ? s.reason() : f.reason()));
        }
        // Delete
        return state.terminal() ? Outcome.to(s.tombstone())
                : Outcome.refused(s, "session " + s.id() + " is " + state + "; stop it first");
    }

    private static Outcome tick(Session s, boolean capacity, long now) {
        switch (s.state()) {
            case PENDING:
                return apply(s, new Start(), now);
            case RUNNING:
            case PAUSED: {
                String why = endReason(s, now);
                if (why != null) {
                    return Outcome.to(s.stopping(why).withEndedAt(now));
                }
                if (s.state() == SessionState.RUNNING && !capacity) {
                    return Outcome.to(s.withState(SessionState.PAUSED, NO_CAPACITY));
                }
                if (s.state() == SessionState.PAUSED && capacity) {
                    return Outcome.to(s.withState(SessionState.RUNNING));
                }
                return Outcome.same(s);
            }
            default:
                return Outcome.same(s);
        }
    }

    /** Why a running (or paused) session is over at {@code now}, or null while it is not. */
    public static String endReason(Session s, long now) {
        if (s.startedAt() <= 0) {
            return null;
        }
        SessionSpec spec = s.spec();
        long ran = now - s.startedAt();
        if (spec.duration() != null && ran >= spec.duration().toMillis()) {
            return DURATION_REACHED;
        }
        if (!spec.stages().isEmpty() && ran >= stagesMillis(spec)) {
            return LAST_STAGE_ENDED;
        }
        if (spec.requests() != null && s.board().remainingBudget(spec.requests()) == 0) {
            for (NodeEntry e : s.board().entries().values()) {
                if (e.leaseValid(now) && e.done() < e.quotaGranted()) {
                    return null;   // granted requests are still in flight
                }
            }
            return BUDGET_SPENT;
        }
        return null;
    }

    /**
     * True when no node may start sending for this session any more: it is deleted, stopping or
     * ended, or past its duration or last stage on the cluster clock (even if the coordinator has
     * not said so yet).
     */
    public static boolean over(Session s, long now) {
        if (s == null || s.deleted() || s.state() == SessionState.STOPPING || s.state().terminal()) {
            return true;
        }
        return s.startedAt() > 0 && now >= endsAt(s);
    }

    /** Cluster millis at which the session ends by time (duration or last stage); Long.MAX_VALUE when it does not. */
    public static long endsAt(Session s) {
        if (s.startedAt() <= 0) {
            return Long.MAX_VALUE;
        }
        SessionSpec spec = s.spec();
        long end = Long.MAX_VALUE;
        if (spec.duration() != null) {
            end = spec.duration().toMillis();
        }
        if (!spec.stages().isEmpty()) {
            end = Math.min(end, stagesMillis(spec));
        }
        return end == Long.MAX_VALUE ? end : s.startedAt() + end;
    }

    private static long stagesMillis(SessionSpec spec) {
        long sum = 0;
        for (Stage st : spec.stages()) {
            Duration d = st.duration();
            sum += d == null ? 0 : d.toMillis();
        }
        return sum;
    }
}
