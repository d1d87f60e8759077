package org.siegegrid.core.node;

import java.time.Duration;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.grid.ClusterClock;
import org.siegegrid.core.load.Engine;
import org.siegegrid.core.session.Lifecycle;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

/**
 * This node's runners, one per session it sends for, kept in line with the sessions as stored:
 * a runner is started for a RUNNING session that is not over, retuned when its version changes, and
 * stopped when it stops, ends or goes. Events can arrive late or out of order, so a runner is only
 * ever started on the value read back from the map, and never again for a session whose runner on
 * this node already finished. Every method but the readers runs on the node's loop thread.
 */
final class Reconciler {
    private static final Logger LOG = LogManager.getLogger(Reconciler.class);
    private static final int ENDED_KEPT = 10_000;

    private final NodeContext ctx;
    private final Engines engines;
    private final Executor loop;
    private final Map<String, SessionRunner> runners = new ConcurrentHashMap<>();
    /** Sessions whose runner on this node finished (or that it cannot run): never started again. Loop thread. */
    private final Map<String, Boolean> ended = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ENDED_KEPT;
        }
    };

    /** Sessions already said to be unsealed (loop thread; bounded like {@link #ended}). */
    private final Set<String> unsealed = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > ENDED_KEPT;
        }
    });

    Reconciler(NodeContext ctx, Engines engines, Executor loop) {
        this.ctx = ctx;
        this.engines = engines;
        this.loop = loop;
    }

    /** Matches the runner to the session as an event or a read showed it ({@code s} null: gone). */
    void reconcile(String id, Session s) {
        SessionRunner r = runners.get(id);
        long now = ctx.clock().millis();
        boolean sending = s != null && s.state() == SessionState.RUNNING && !Lifecycle.over(s, now);
        if (r != null) {
            if (sending && !ctx.grid().trust().sealed(s)) {
                unsealed(id);   // a spec changed by someone without the secret: the runner keeps the one it has
            } else if (sending) {
                r.updated(s);
            } else if (s == null || Lifecycle.over(s, now)) {
                r.stop();
            }
            return;
        }
        if (sending && !ended.containsKey(id)) {
            start(id, now);
        }
    }

    private void start(String id, long now) {
        Session current = ctx.grid().sessions().get(id);   // decide on the stored value, not on an old event
        if (current == null || Lifecycle.over(current, now)) {
            ended.put(id, Boolean.TRUE);
            return;
        }
        if (current.state() != SessionState.RUNNING) {
            return;
        }
        if (!ctx.grid().trust().sealed(current)) {
            unsealed(id);
            ended.put(id, Boolean.TRUE);
            return;
        }
        Engine engine = engines.get(current.spec().engine()).orElse(null);
        if (engine == null) {
            LOG.warn("session {}: this node has no {} engine; it sends nothing for it", id,
                    current.spec().engine().name().toLowerCase(java.util.Locale.ROOT));
            ended.put(id, Boolean.TRUE);
            return;
        }
        SessionRunner r = new SessionRunner(current, ctx, loop, engine);
        runners.put(id, r);
        r.round();
    }

    /** Says once per session that its spec is not sealed with this node's cluster secret, and is not run. */
    private void unsealed(String id) {
        if (unsealed.add(id)) {
            LOG.error("session {}: its spec is not sealed with the cluster secret (written into the map by a member"
                    + " or client that does not know it, or by a node with another secret); this node does not run it",
                    id);
        }
    }

    /** Re-reads one session and reconciles it. */
    void reload(String id) {
        reconcile(id, ctx.grid().sessions().get(id));
    }

    /**
     * Every session as a full read showed them (taken on another thread, so possibly older than a
     * runner started since): catches up on events that were lost (they are not highly available).
     */
    void reconcileAll(Collection<Session> stored) {
        Map<String, Session> byId = new LinkedHashMap<>();
        for (Session s : stored) {
            byId.put(s.id(), s);
        }
        for (Session s : byId.values()) {
            reconcile(s.id(), s.deleted() ? null : s);
        }
        for (String id : runners.keySet()) {
            if (!byId.containsKey(id)) {
                reload(id);   // the read may be older than the runner: only the map as it is now can say "gone"
            }
        }
    }

    void roundAll() {
        for (SessionRunner r : runners.values()) {
            r.round();
        }
    }

    /** Once a second: every runner publishes; a finished one is removed and remembered. */
    void publishAll() {
        for (SessionRunner r : runners.values()) {
            try {
                r.publish();
            } catch (RuntimeException e) {
                LOG.warn("session {}: publish failed: {}", r.sessionId(), e.toString());
            }
            if (r.finished()) {
                retire(r);
            }
        }
    }

    /**
     * Every 50 ms: a runner waiting for its session's start time starts; a stopped runner publishes
     * its last stats as soon as it has drained, not at the next whole second.
     */
    void publishDrained() {
        for (SessionRunner r : runners.values()) {
            r.startIfDue();
            if (r.drainedButUnpublished()) {
                r.publish();
                retire(r);
            }
        }
    }

    private void retire(SessionRunner r) {
        if (runners.remove(r.sessionId(), r)) {
            ended.put(r.sessionId(), Boolean.TRUE);
        }
    }

    /**
     * Leaving: each runner hands its share over in a last round, keeps sending until the instant the
     * others take it (at most two round intervals and a beat; the fence makes the switch), then stops
     * and publishes.
     */
    void releaseAll(ClusterClock clock, Duration atMost) {
        long until = 0;
        for (SessionRunner r : runners.values()) {
            until = Math.max(until, r.release());
        }
        long wait = Math.min(atMost.toMillis(), until - clock.millis() + 2 * Fence.PERIOD_MILLIS);
        if (until > 0 && wait > 0) {
            try {
                Thread.sleep(wait);   // the loop is leaving: nothing else is due on it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (SessionRunner r : runners.values()) {
            r.stop();
            r.publish();
        }
    }

    /** Closing: every runner stops at once and lets its connections go. */
    void closeAll() {
        for (SessionRunner r : runners.values()) {
            r.close();
        }
        runners.clear();
    }

    /** The runners, for the fence and the API's readers (any thread). */
    Collection<SessionRunner> runners() {
        return runners.values();
    }

    SessionRunner runner(String sessionId) {
        return runners.get(sessionId);
    }

    /** What the runner of a session tells, or {@code none} when this node runs none. */
    <T> T ofRunner(String sessionId, java.util.function.Function<SessionRunner, T> what, T none) {
        SessionRunner r = runners.get(sessionId);
        return r == null ? none : what.apply(r);
    }

    boolean idle() {
        return runners.isEmpty();
    }

    /** Waits (bounded) until no runner is left: for tests and graceful shutdown. */
    boolean awaitIdle(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!idle()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
