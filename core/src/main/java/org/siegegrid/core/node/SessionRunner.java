package org.siegegrid.core.node;

import java.time.Duration;
import java.util.concurrent.Executor;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.board.RoundInput;
import org.siegegrid.core.board.RoundResult;
import org.siegegrid.core.board.Share;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.grid.GridConfigFactory;
import org.siegegrid.core.load.Engine;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.IntervalStats;
import org.siegegrid.core.session.Lifecycle;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

/**
 * This node's part of one session: the engine runner, its fence, its capacity estimate and its
 * stats. All methods except {@link #fence}, {@link #share()}, {@link #capacity()} and {@link #issued()}
 * run on the node's loop thread; {@link #fence} runs on the fence thread and only pauses or resumes
 * the runner; the three readers serve the API from any thread.
 */
final class SessionRunner {
    private static final Logger LOG = LogManager.getLogger(SessionRunner.class);

    private final String sessionId;
    private final NodeContext ctx;
    private final Executor loop;
    private final SendGate gate;
    private final Engine engine;
    /** {@link IdleRunner#INSTANCE} until the engine runner starts, at the session's start time or on the first grant. */
    private volatile LoadRunner runner = IdleRunner.INSTANCE;
    private volatile boolean started;
    private StatsPublisher publisher;
    private final long leaseMillis;
    private final long roundMillis;
    private final long holdMillis;
    /** The deadline last given to the engine runner (fence thread and loop, under this monitor). */
    private long engineDeadline = Long.MIN_VALUE;
    private boolean holdLogged;

    private Session session;
    private LoadPlan plan;
    private CapacityEstimator estimator;
    private double configuredCap;
    private LocalShare applied;
    private volatile Share share = Share.ZERO;
    private volatile double capacity;
    private boolean roundInFlight;
    /** The share the board scheduled for {@link #pendingAt} (cluster millis), or null. Guarded by this. */
    private Share pending;
    private long pendingAt;
    private long quota = Long.MAX_VALUE;
    private long round;
    static final long SWITCH_EARLY_MILLIS = 25;
    private int failedRounds;
    private boolean stopping;
    private boolean finished;
    private double achievedRps;
    private volatile boolean fencePaused = true;
    private long settleUntilNanos;
    private static final long SETTLE_NANOS = 3_000_000_000L;

    SessionRunner(Session session, NodeContext ctx, Executor loop, Engine engine) {
        this.sessionId = session.id();
        this.ctx = ctx;
        this.loop = loop;
        this.session = session;
        this.plan = LoadPlan.from(session.spec());
        this.leaseMillis = ctx.settings().lease().toMillis();
        this.roundMillis = ctx.settings().roundInterval().toMillis();
        // the hold rests on the quorum check: without a quorum rule a node that cannot reach the board stops at
        // its lease, as before (nothing would stop a node cut off from everyone)
        this.holdMillis = ctx.grid().settings().quorum().enabled()
                ? GridConfigFactory.holdAfterLease(ctx.grid().settings()).toMillis() : 0;
        this.gate = new SendGate(ctx.ticker(), Math.min(300, leaseMillis / 5) * 1_000_000L, holdMillis * 1_000_000L);
        this.gate.quorum(ctx.grid().quorumPresent());
        this.configuredCap = ctx.capRps();
        this.estimator = new CapacityEstimator(configuredCap);
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
        publisher = new StatsPublisher(sessionId, ctx, ctx.ticker().nanoTime() - elapsed.toNanos());
        r.sendUntil(gate.deadlineNanos());
        engineDeadline = gate.deadlineNanos();
        r.start(applied);
        runner = r;
        started = true;
        fencePaused = false;
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
        return share;
    }

    /** One whiteboard round, answered asynchronously back on the loop. */
    void round() {
        if (roundInFlight || stopping) {
            return;
        }
        if (ctx.capRps() != configuredCap) {
            configuredCap = ctx.capRps();
            estimator = new CapacityEstimator(configuredCap);
        }
        Grid grid = ctx.grid();
        Counters totals = runner.totals();
        long now = ctx.clock().millis();
        long startedAt = session.startedAt();
        double target = plan.openModel() && startedAt > 0
                ? plan.profile().rateAt(Math.max(0, now - startedAt) / 1000.0) : 0;
        RoundInput in = RoundInput.builder(ctx.nodeId())
                .weight(ctx.weight())
                .capRps(estimator.cap())
                .achievedRps(achievedRps)
                .counts(totals.issued(), totals.completed(), totals.failures())
                .live(grid.liveNodeIds())
                .now(now)
                .leaseMillis(leaseMillis)
                .roundMillis(roundMillis)
                .targetRps(target)
                .drained(ctx.drained())
                .heard(grid.heardNodeIds())
                .holdMillis(holdMillis)
                .build();
        long sentAt = ctx.ticker().nanoTime();
        gate.attempt(sentAt);
        roundInFlight = true;
        try {
            // the answer goes straight to the loop: without an executor Hazelcast runs callbacks on the
            // common pool, which on a machine with 2 cores is a new thread per callback
            grid.roundAsync(sessionId, in).whenCompleteAsync((r, err) -> answered(sentAt, r, err), loop);
        } catch (RuntimeException e) {
            roundInFlight = false;
            LOG.warn("session {}: round not sent: {}", sessionId, e.toString());
        }
    }

    private void answered(long sentAt, RoundResult r, Throwable err) {
        roundInFlight = false;
        if (finished) {
            return;
        }
        if (err != null) {
            if (failedRounds++ == 0) {
                LOG.warn("session {}: round failed (no grant until one succeeds): {}", sessionId, err.toString());
            }
            return;
        }
        if (!gate.quorumPresent()) {
            // answered while this node counts no quorum: a minority's copy of the board (a member just
            // woken from a freeze still owns keys in its stale partition table). It counts for nothing.
            failedRounds++;
            return;
        }
        if (failedRounds > 0) {
            LOG.info("session {}: rounds succeed again after {} failures", sessionId, failedRounds);
            failedRounds = 0;
        }
        if (r.state() == null || r.state() == SessionState.STOPPING || r.state().terminal()) {
            stop();
            return;
        }
        if (r.version() != session.version()) {
            ctx.reload(sessionId);
        }
        if (r.state() != SessionState.RUNNING) {
            gate.revoke();
            return;
        }
        boolean comes = r.scheduled() && !r.next().idle();
        if (r.share().idle() && !comes) {
            gate.revoke();
        } else {
            gate.granted(sentAt, leaseMillis * 1_000_000L);
            syncDeadline();   // the engine stops by itself when the lease runs out
        }
        synchronized (this) {
            quota = r.quota();
            round = r.round();
            pending = r.scheduled() ? r.next() : null;
            pendingAt = r.nextAt();
            apply(r.share());
        }
        fence(gate.quorumPresent());
        startIfDue();
    }

    /** Makes {@code s} the share in force: the engine is retuned when it changes. */
    private synchronized void apply(Share s) {
        share = s;
        int concurrency = s.concurrency() > 0 ? s.concurrency()
                : plan.openModel() ? LoadPlan.DEFAULT_OPEN_CONCURRENCY : s.users();
        LocalShare next = new LocalShare(s.fraction(), s.users(), concurrency, quota);
        if (next.rateFraction() > applied.rateFraction() || next.concurrency() > applied.concurrency()) {
            // new connections and warm-up: judge the node's capacity only once it has settled
            settleUntilNanos = ctx.ticker().nanoTime() + SETTLE_NANOS;
        }
        if (!next.equals(applied)) {
            LOG.info("session {}: share {} rps ({} users, {} connections, quota {}) until round {}{}", sessionId,
                    String.format("%.1f", s.rps()), s.users(), concurrency, quota == Long.MAX_VALUE ? "-" : quota,
                    round, pending == null ? "" : String.format(", then %.1f rps in %d ms", pending.rps(),
                            pendingAt - ctx.clock().millis()));
            applied = next;
            runner.retune(next);
        }
    }

    /**
     * A hand-off switch the board scheduled, made on the fence's beat (every 50 ms): a decrease
     * {@link #SWITCH_EARLY_MILLIS} before its instant and an increase as long after it, so that with
     * the check's granularity the two sides of a hand-off never overlap (a dip of at most two beats).
     */
    private synchronized void switchIfDue() {
        if (pending == null) {
            return;
        }
        boolean down = pending.fraction() < share.fraction() || pending.users() < share.users();
        long due = down ? pendingAt - SWITCH_EARLY_MILLIS : pendingAt + SWITCH_EARLY_MILLIS;
        if (ctx.clock().millis() < due) {
            return;
        }
        Share s = pending;
        pending = null;
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
        syncDeadline();
        boolean holding = gate.holding();
        if (holding != holdLogged) {
            holdLogged = holding;
            if (holding) {
                LOG.info("session {}: rounds failing; holding the last grant ({} rps, never more) for up to {} ms"
                        + " past the lease while the quorum is heard", sessionId, String.format("%.1f", share.rps()),
                        holdMillis);
            } else {
                LOG.info("session {}: hold over ({})", sessionId, gate.leaseFresh() ? "a round succeeded"
                        : gate.quorumPresent() ? "it ran out" : "no quorum");
            }
        }
        boolean open = gate.open() && !stopping;
        if (!open && !fencePaused) {
            runner.pause();
            fencePaused = true;
            LOG.info("session {}: paused ({})", sessionId, quorum ? "lease expired" : "no quorum");
        } else if (open && fencePaused) {
            fencePaused = false;
            runner.resume();
        }
    }

    /** Gives the engine runner the gate's deadline when it moved (the lease's end, or the hold's). */
    private synchronized void syncDeadline() {
        long d = gate.deadlineNanos();
        if (d != engineDeadline) {
            engineDeadline = d;
            runner.sendUntil(d);
        }
    }

    /** The fence could not check this runner: pause it (safe side) until a check succeeds. */
    synchronized void forcePause() {
        runner.pause();
        fencePaused = true;
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
        if (!fencePaused && plan.openModel() && ctx.ticker().nanoTime() - settleUntilNanos > 0) {
            estimator.observe(interval.due(), interval.counters().issued());
        }
        capacity = estimator.cap();
        boolean done = stopping && runner.isDone();
        double target = plan.openModel() ? share.rps() : Double.NaN;
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

    /**
     * Leaving, make-before-break: a last, blocking round as drained. The board schedules this node's
     * share to go to the others at an instant (cluster millis, returned; 0 when nothing is to hand
     * over) that they learn in their next rounds; this node keeps sending until then (the fence makes
     * the switch) and the caller stops it after.
     */
    long release() {
        Grid grid = ctx.grid();
        try {
            Counters totals = runner.totals();
            long sentAt = ctx.ticker().nanoTime();
            RoundResult r = grid.round(sessionId, RoundInput.builder(ctx.nodeId()).weight(ctx.weight())
                    .counts(totals.issued(), totals.completed(), totals.failures())
                    .live(grid.liveNodeIds()).heard(grid.heardNodeIds()).now(ctx.clock().millis())
                    .leaseMillis(leaseMillis).roundMillis(roundMillis).holdMillis(holdMillis).drained(true).build());
            answered(sentAt, r, null);
            synchronized (this) {
                return pending != null && pending.idle() ? pendingAt : 0;
            }
        } catch (RuntimeException e) {
            LOG.warn("session {}: release round failed: {}", sessionId, e.toString());
            return 0;
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
        return capacity;
    }
}
