package org.siegegrid.core.node;

import java.time.Duration;
import java.util.concurrent.Executor;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.board.RoundResult;
import org.siegegrid.core.board.Share;
import org.siegegrid.core.grid.GridConfigFactory;
import org.siegegrid.core.load.Engine;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.IntervalStats;
import org.siegegrid.core.session.Lifecycle;
import org.siegegrid.core.session.Session;

/**
 * This node's part of one session: the engine runner, its fence, its capacity estimate and its
 * stats; its round trips to the board are {@link RunnerRounds}, the shares they bring {@link ShareSchedule}. All methods except {@link #fence}, {@link #share()}, {@link #capacity()} and {@link #issued()}
 * run on the node's loop thread; {@link #fence} runs on the fence thread and only pauses or resumes
 * the runner; the three readers serve the API from any thread.
 */
final class SessionRunner {
    private static final Logger LOG = LogManager.getLogger(SessionRunner.class);

    private final String sessionId;
    private final NodeContext ctx;
    private final SendGate gate;
    private final Engine engine;
    /** {@link IdleRunner#INSTANCE} until the engine runner starts, at the session's start time or on the first grant. */
    private volatile LoadRunner runner = IdleRunner.INSTANCE;
    private volatile boolean started;
    private StatsPublisher publisher;
    /** The session's start on this node's ticker: its stats' second 0. */
    private long statsOrigin;
    /** Pauses and resumes the engine runner as the gate says (fence thread and loop, under this monitor). */
    private final RunnerFence guard;

    private Session session;
    private LoadPlan plan;
    private final RunnerCapacity capacity;
    private LocalShare applied;
    /** Guarded by this. */
    private final ShareSchedule schedule = new ShareSchedule();
    private final RunnerRounds rounds;
    private boolean stopping;
    private boolean finished;
    private double achievedRps;

    SessionRunner(Session session, NodeContext ctx, Executor loop, Engine engine) {
        this.sessionId = session.id();
        this.ctx = ctx;
        this.session = session;
        this.plan = LoadPlan.from(session.spec());
        long leaseMillis = ctx.settings().lease().toMillis();
        // the hold rests on the quorum check: without a quorum rule a node that cannot reach the board stops at
        // its lease, as before (nothing would stop a node cut off from everyone)
        long holdMillis = ctx.grid().settings().quorum().enabled()
                ? GridConfigFactory.holdAfterLease(ctx.grid().settings()).toMillis() : 0;
        this.gate = new SendGate(ctx.ticker(), Math.min(300, leaseMillis / 5) * 1_000_000L, holdMillis * 1_000_000L);
        this.gate.quorum(ctx.quorumNow());
        this.guard = new RunnerFence(sessionId, gate, holdMillis);
        this.rounds = new RunnerRounds(sessionId, ctx, loop, gate, holdMillis, new Rounds());
        this.capacity = new RunnerCapacity(ctx.capRps());
        this.engine = engine;
        this.applied = new LocalShare(0, 0, 0, 0);
        long early = session.startedAt() - ctx.clock().millis();
        LOG.info("session {}: runner created ({} ms {} the session's start)", sessionId, Math.abs(early),
                early >= 0 ? "before" : "after");
    }

    /**
     * Starts the engine runner once the session's start time has come and a grant is held. Its
     * schedule is anchored at the session's start: a runner that starts a little late (within the
     * engine's lateness bound) still sends every request of its share, late, instead of skipping them.
     */
    synchronized void startIfDue() {
        if (started || stopping || !gate.open()) {
            return;
        }
        long now = ctx.clock().millis();
        if (now < session.startedAt()) {
            return;
        }
        Duration elapsed = Duration.ofMillis(now - session.startedAt());
        LoadRunner r = engine.newRunner(plan, elapsed);
        statsOrigin = ctx.ticker().nanoTime() - elapsed.toNanos();
        publisher = new StatsPublisher(sessionId, ctx, statsOrigin, session.spec().warmupSeconds());
        r.sendUntil(gate.deadlineNanos());
        guard.started();
        r.start(applied);
        runner = r;
        started = true;
        LOG.info("session {}: sending from {} ms after the session's start", sessionId, elapsed.toMillis());
    }

    String sessionId() {
        return sessionId;
    }

    boolean finished() {
        return finished;
    }

    SendGate gate() {
        return gate;
    }

    Share share() {
        return schedule.share();
    }

    /** One whiteboard round, answered asynchronously back on the loop. */
    void round() {
        if (stopping) {
            return;
        }
        long now = ctx.clock().millis();
        long startedAt = session.startedAt();
        double target = plan.openModel() && startedAt > 0
                ? plan.profile().rateAt(Math.max(0, now - startedAt) / 1000.0) : 0;
        rounds.send(capacity.cap(ctx.capRps()), achievedRps, target);
    }

    /** What the rounds see of this runner. */
    private final class Rounds implements RunnerRounds.Owner {
        @Override public Counters totals() { return runner.totals(); }
        @Override public long version() { return session.version(); }
        @Override public boolean finished() { return finished; }
        @Override public void stop() { SessionRunner.this.stop(); }
        @Override public void deadlineMoved() {
            synchronized (SessionRunner.this) {
                guard.syncDeadline(runner);
            }
        }

        @Override
        public void answered(RoundResult r) {
            synchronized (SessionRunner.this) {
                apply(schedule.take(r));
            }
            fence(gate.quorumPresent());
            startIfDue();
        }
    }

    /** Makes {@code s} the share in force: the engine is retuned when it changes. */
    private synchronized void apply(Share s) {
        schedule.inForce(s);
        int concurrency = s.concurrency() > 0 ? s.concurrency() : plan.connections(s.users());
        long quota = schedule.quota();
        LocalShare next = new LocalShare(s.fraction(), s.users(), concurrency, quota);
        if (next.rateFraction() > applied.rateFraction() || next.concurrency() > applied.concurrency()) {
            capacity.settleFrom(ctx.ticker().nanoTime());   // new connections and warm-up: judge it once settled
        }
        if (!next.equals(applied)) {
            LOG.info("session {}: share {} rps ({} users, {} connections, quota {}) {}", sessionId,
                    String.format("%.1f", s.rps()), s.users(), concurrency, quota == Long.MAX_VALUE ? "-" : quota,
                    schedule.describe(ctx.clock().millis()));
            applied = next;
            runner.retune(next);
        }
    }

    /** A hand-off switch the board scheduled, made on the fence's beat ({@link ShareSchedule#due}). */
    private synchronized void switchIfDue() {
        Share s = schedule.due(ctx.clock().millis());
        if (s == null) {
            return;
        }
        apply(s);
        if (s.idle()) {
            gate.revoke();   // handed over: no lease to keep
        }
    }

    /** A newer version of the session was read: apply its spec. */
    void updated(Session next) {
        if (next.version() == session.version() || stopping) {
            return;
        }
        session = next.startedAt() > 0 ? next : next.withStartedAt(session.startedAt());
        LoadPlan nextPlan = LoadPlan.from(next.spec());
        if (nextPlan.openModel() == plan.openModel()) {
            plan = nextPlan;
            runner.updatePlan(nextPlan);
            LOG.info("session {}: spec version {} applied", sessionId, next.version());
        }
    }

    /**
     * The fence: pause within a check period of losing lease or quorum; resume when both are back.
     * While rounds fail and the quorum is heard, the lease is held ({@link SendGate#holding}).
     */
    synchronized void fence(boolean quorum) {
        gate.quorum(quorum);
        if (!started) {
            return;
        }
        switchIfDue();
        // at the session's end the lease runs out as the board stops granting: that is no pause to report
        String why = stopping || planEnded() ? null : quorum ? "lease expired" : "no quorum";
        guard.check(runner, stopping, why, share().rps());
    }

    /** The fence could not check this runner: pause it (safe side) until a check succeeds. */
    synchronized void forcePause() {
        guard.forcePause(runner);
    }

    /** Once a second: the interval's stats into the run, the estimator, and the cluster's stats map. */
    void publish() {
        if (!stopping && planEnded()) {
            stop();  // the runner ended by itself: don't wait for the coordinator to notice
        }
        if (!started) {
            finished = stopping;   // it never sent: nothing to publish
            return;
        }
        IntervalStats interval = runner.takeInterval();
        double seconds = Math.max(1e-3, (interval.endNanos() - interval.startNanos()) / 1e9);
        achievedRps = interval.counters().issued() / seconds;
        capacity.observe(ctx.ticker().nanoTime(), !guard.paused() && plan.openModel(), interval);
        Share share = share();
        boolean done = stopping && runner.isDone();
        // the session's target in force over the interval (every node's stats carry the same), not this node's share
        double target = plan.openModel() ? plan.profile().meanRate(secondsIn(interval.startNanos()),
                secondsIn(Math.max(interval.startNanos(), interval.sendingEndNanos()))) : Double.NaN;
        double shareRps = plan.openModel() ? share.rps() : 0;
        int users = share.users();
        // merging and encoding the stats is the heavy part: off the loop, in order, on the publisher thread
        StatsPublisher p = publisher;
        ctx.publisher().execute(() -> {
            p.add(interval, target);
            p.publish(done, shareRps, users);
            if (done) {
                LOG.info("session {}: runner finished, {} requests", sessionId, p.issued());
            }
        });
        if (done) {
            finished = true;
            runner.close();
        }
    }

    private double secondsIn(long nanos) {
        return Math.max(0, (nanos - statsOrigin) / 1e9);
    }

    /**
     * Leaving, make-before-break: a last, blocking round as drained. The board schedules this node's
     * share to go to the others at an instant (cluster millis, returned; 0 when nothing is to hand
     * over) that they learn in their next rounds; this node keeps sending until then (the fence makes
     * the switch) and the caller stops it after.
     */
    long release() {
        if (!rounds.release()) {
            return 0;
        }
        synchronized (this) {
            return schedule.handOverAt();
        }
    }

    /** The session is over for this node: no new requests; the last publish marks it done. */
    void stop() {
        if (!stopping) {
            stopping = true;
            gate.revoke();
            runner.stop();
            LOG.info("session {}: stopping", sessionId);
        }
    }

    /** The node is going away: stop at once and release connections. */
    void close() {
        stopping = true;
        finished = true;
        runner.close();
    }

    /** True once the session is over on the cluster clock (its duration or last stage): {@link Lifecycle#over}. */
    private boolean planEnded() {
        return Lifecycle.over(session, ctx.clock().millis());
    }

    /** Stopped and nothing in flight, but the last stats not yet published. */
    boolean drainedButUnpublished() {
        if (!stopping && planEnded()) {
            stop();
        }
        return stopping && !finished && runner.isDone();
    }

    long issued() {
        return runner.totals().issued();
    }

    double capacity() {
        return capacity.capacity();
    }
}
