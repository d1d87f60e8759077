package org.siegegrid.core.node;

import java.util.concurrent.Executor;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.board.RoundInput;
import org.siegegrid.core.board.RoundResult;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.session.SessionState;

/**
 * One runner's round trips to the board: what a round tells the board of this node, and what its
 * answer means for the runner's {@link SendGate} — a grant, a revoke, the session's end, a newer
 * version. Rounds are sent from the node's loop and answered back on it. A failed round, or an
 * answer read while this node counts no quorum, grants nothing: the gate's hold covers the gap.
 */
final class RunnerRounds {
    private static final Logger LOG = LogManager.getLogger(RunnerRounds.class);

    /** What the rounds need from their runner. */
    interface Owner {
        Counters totals();

        /** The session's version the runner applies. */
        long version();

        /** True once the runner is done: answers count for nothing. */
        boolean finished();

        /** The session is over for this node. */
        void stop();

        /** The gate's deadline may have moved: tell the engine. */
        void deadlineMoved();

        /** A running session's answer, after the gate took it: apply its shares. */
        void answered(RoundResult r);
    }

    private final String sessionId;
    private final NodeContext ctx;
    private final Executor loop;
    private final SendGate gate;
    private final Owner owner;
    private final long leaseMillis;
    private final long roundMillis;
    private final long holdMillis;
    private boolean inFlight;
    private int failed;
    private boolean joined;

    RunnerRounds(String sessionId, NodeContext ctx, Executor loop, SendGate gate, long holdMillis, Owner owner) {
        this.sessionId = sessionId;
        this.ctx = ctx;
        this.loop = loop;
        this.gate = gate;
        this.owner = owner;
        this.leaseMillis = ctx.settings().lease().toMillis();
        this.roundMillis = ctx.settings().roundInterval().toMillis();
        this.holdMillis = holdMillis;
    }

    /** Sends one round unless one is in flight; the answer comes back on the loop. */
    void send(double capRps, double achievedRps, double targetRps) {
        if (inFlight || !ctx.quorumNow()) {
            return;   // without a quorum only a minority's copy of the board could answer
        }
        RoundInput in = input(ctx.clock().millis()).capRps(capRps).achievedRps(achievedRps).targetRps(targetRps)
                .drained(ctx.drained()).build();
        long sentAt = ctx.ticker().nanoTime();
        gate.attempt(sentAt);
        inFlight = true;
        try {
            // the answer goes straight to the loop: without an executor Hazelcast runs callbacks on the
            // common pool, which on a machine with 2 cores is a new thread per callback
            ctx.grid().roundAsync(sessionId, in).whenCompleteAsync((r, err) -> answered(sentAt, r, err), loop);
        } catch (RuntimeException e) {
            inFlight = false;
            LOG.warn("session {}: round not sent: {}", sessionId, e.toString());
        }
    }

    /** A last, blocking round as drained (leaving); false when it failed. */
    boolean release() {
        try {
            long sentAt = ctx.ticker().nanoTime();
            answered(sentAt, ctx.grid().round(sessionId, input(ctx.clock().millis()).drained(true).build()), null);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("session {}: release round failed: {}", sessionId, e.toString());
            return false;
        }
    }

    /** What every round tells the board of this node. */
    private RoundInput.Builder input(long now) {
        Grid grid = ctx.grid();
        Counters totals = owner.totals();
        return RoundInput.builder(ctx.nodeId()).weight(ctx.weight())
                .counts(totals.issued(), totals.completed(), totals.failures())
                .live(grid.liveNodeIds()).heard(grid.heardNodeIds()).now(now)
                .leaseMillis(leaseMillis).roundMillis(roundMillis).holdMillis(holdMillis);
    }

    private void answered(long sentAt, RoundResult r, Throwable err) {
        inFlight = false;
        if (owner.finished()) {
            return;
        }
        if (err != null) {
            if (failed++ == 0) {
                LOG.warn("session {}: round failed (no grant until one succeeds): {}", sessionId, err.toString());
            }
            return;
        }
        if (!gate.quorumPresent() || !ctx.quorumNow()) {
            // answered while this node counts no quorum: a minority's copy of the board (a member just
            // woken from a freeze still owns keys in its stale partition table, and Hazelcast's protection
            // still says present until its next heartbeat check). It counts for nothing. Counted now, not
            // by the gate's flag alone: the fence's last pass may be older than the freeze.
            gate.quorum(false);
            failed++;
            return;
        }
        ctx.roundAnswered(ctx.ticker().nanoTime() - sentAt);
        if (failed > 0) {
            LOG.info("session {}: rounds succeed again after {} failures", sessionId, failed);
            failed = 0;
        }
        if (r.state() == null || r.state() == SessionState.STOPPING || r.state().terminal()) {
            owner.stop();
            return;
        }
        if (r.version() != owner.version()) {
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
            owner.deadlineMoved();   // the engine stops by itself when the lease runs out
            if (!joined) {
                joined = true;
                double rps = Math.max(r.share().rps(), comes ? r.next().rps() : 0);
                ctx.event(sessionId, "joined", "took a share: 0 -> " + EventDetails.rate(Math.round(rps * 100) / 100.0)
                        + " rps" + (r.share().users() > 0 ? ", " + r.share().users() + " users" : ""));
            }
        }
        owner.answered(r);
    }
}
