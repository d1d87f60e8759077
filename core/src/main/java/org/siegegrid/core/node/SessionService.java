package org.siegegrid.core.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.hazelcast.query.Predicates;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.session.Lifecycle;
import org.siegegrid.core.session.Limits;
import org.siegegrid.core.session.Problem;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionEvent;
import org.siegegrid.core.session.SessionEventLog;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SpecValidator;

/**
 * The sessions API of a node: create, read, update, stop, delete, live stats and the final report.
 * Every state change goes through {@link Lifecycle} on the session key; a refusal changes nothing.
 * Blocking on the cluster: keep it off IO threads.
 */
final class SessionService {
    private static final Logger LOG = LogManager.getLogger(SessionService.class);

    private final Grid grid;
    private final Limits limits;
    private final SessionReports reports;
    private final EventLog events;
    private final long startDelayMillis;

    /**
     * @param startDelay how long after its creation a session starts: long enough for every node to
     *                   see it, start its runner and hold its share when the first request is due
     */
    SessionService(Grid grid, Limits limits, SessionReports reports, EventLog events, java.time.Duration startDelay) {
        this.grid = grid;
        this.limits = limits;
        this.reports = reports;
        this.events = events;
        this.startDelayMillis = startDelay.toMillis();
    }

    /**
     * Validates and stores a new session: RUNNING, with its start time one start delay from now on
     * the cluster clock, so the shares have settled before the first request is due.
     */
    Session create(SessionSpec spec) {
        List<Problem> problems = SpecValidator.validate(spec, limits);
        if (!problems.isEmpty()) {
            throw NodeException.invalid(problems);
        }
        requireQuorum();
        requireEngine(spec);
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        long now = grid.clusterTimeMillis();
        grid.sessions().set(id, Session.create(id, spec, now).withSeal(grid.trust().seal(id, spec)));
        // started once stored: the first write after a fleet formed can take seconds (its partitions being
        // assigned), and a start time taken before it was then in the past (a 15 s session lost 2.6 s of load)
        Session s = grid.apply(id, new Lifecycle.Start(), grid.clusterTimeMillis() + startDelayMillis).session();
        events.record(id, SessionEvent.of(now, SessionEventLog.CREATED, grid.nodeId(), "through the API of node "
                + grid.nodeId() + ": " + EventDetails.created(spec)));
        events.record(id, SessionEvent.of(s.startedAt(), "started", null, "RUNNING from "
                + (s.startedAt() - now) + " ms after its creation (one round interval)"));
        LOG.info("session {} created: {}", id, spec.name() == null ? "" : spec.name());
        return s;
    }

    /** Refuses a session on an engine that no live node has (the siege engine needs the siege binary). */
    private void requireEngine(SessionSpec spec) {
        if (spec.engine() == org.siegegrid.core.session.EngineKind.NATIVE) {
            return;   // every node has it
        }
        String engine = engineName(spec.engine());
        java.util.Set<String> live = grid.liveNodeIds();
        List<String> others = new ArrayList<>();
        for (org.siegegrid.core.grid.NodeInfo n : grid.nodes().getAll(live).values()) {
            if (n.runs(engine)) {
                return;
            }
            others.add(n.nodeId() + " (" + String.join(", ", n.engines()) + ")");
        }
        throw NodeException.invalid(List.of(new Problem("engine", "no live node has the " + engine + " engine"
                + " (the siege binary on its PATH, or $SIEGEGRID_SIEGE)"
                + "; live nodes: " + (others.isEmpty() ? "none registered" : String.join(", ", others)))));
    }

    private static String engineName(org.siegegrid.core.session.EngineKind k) {
        return k.name().toLowerCase(java.util.Locale.ROOT);
    }

    List<Session> sessions() {
        List<Session> out = new ArrayList<>(grid.sessions().values(Predicates.equal("deleted", false)));
        out.sort(Comparator.comparingLong(Session::createdAt).thenComparing(Session::id));
        return out;
    }

    Optional<Session> session(String id) {
        Session s = grid.sessions().get(id);
        return s == null || s.deleted() ? Optional.empty() : Optional.of(s);
    }

    /** Replaces the spec of a session that has not ended (version + 1). */
    Session update(String id, SessionSpec spec) {
        Session cur = existing(id);
        String refusal = Lifecycle.apply(cur, new Lifecycle.Update(cur.spec()), grid.clusterTimeMillis()).refusal();
        if (refusal != null) {
            throw NodeException.conflict("state", refusal);
        }
        List<Problem> problems = SpecValidator.validate(spec, limits);
        if (!problems.isEmpty()) {
            throw NodeException.invalid(problems);
        }
        if (spec.engine() != cur.spec().engine()) {
            throw NodeException.invalid(List.of(new Problem("engine", "a session cannot switch engines (it runs on "
                    + engineName(cur.spec().engine()) + ")")));
        }
        if (spec.openModel() != cur.spec().openModel()) {
            throw NodeException.invalid(List.of(new Problem(spec.openModel() ? "rps" : "users",
                    "a session cannot switch between a rate (rps) and users")));
        }
        Session after = change(id, new Lifecycle.Update(spec, grid.trust().seal(id, spec)));
        events.record(id, "updated", grid.nodeId(), EventDetails.updated(cur.spec(), spec));
        return after;
    }

    /** Stops a session: STOPPING now, FINISHED once every node has drained its in-flight requests. */
    Session stop(String id) {
        Session before = existing(id);
        Session after = change(id, new Lifecycle.Stop(Lifecycle.STOPPED));
        if (before.state() != after.state() || after.endedAt() != before.endedAt()) {
            events.record(id, SessionEvent.of(after.endedAt() > 0 ? after.endedAt() : grid.clusterTimeMillis(),
                    "stopped", grid.nodeId(), "stopped through the API of node " + grid.nodeId() + ": "
                            + before.state() + " -> " + after.state()));
        }
        return after;
    }

    /** Deletes an ended session, its stats and its report. */
    void delete(String id) {
        existing(id);
        change(id, new Lifecycle.Delete());
        reports.forget(id);
    }

    private Session change(String id, Lifecycle.Event event) {
        requireQuorum();
        Lifecycle.Outcome o = grid.apply(id, event);
        if (o.session() == null || o.session().deleted() && !(event instanceof Lifecycle.Delete)) {
            throw NodeException.notFound("id", "no session " + id);
        }
        if (o.refused()) {
            throw NodeException.conflict("state", o.refusal());
        }
        return o.session();
    }

    /** A session's event log after {@code since} (cluster millis), oldest first. */
    List<SessionEvent> events(String id, long since) {
        existing(id);
        return events.read(id, since);
    }

    /** Live report: what every node has published so far, merged (at most once a second). */
    Report stats(String id) {
        Session s = existing(id);
        if (s.state().terminal()) {
            Report stored = reports.stored(id);
            if (stored != null) {
                return stored;
            }
        }
        return reports.live(s);
    }

    /** The final report of an ended session, as stored when it ended. */
    Report report(String id) {
        Session s = existing(id);
        if (!s.state().terminal()) {
            throw NodeException.conflict("state", "session " + id + " is " + s.state() + "; its report comes at the end");
        }
        Report stored = reports.stored(id);
        if (stored == null) {
            throw NodeException.unavailable("the report of session " + id + " is not stored (yet); try again");
        }
        return stored;
    }

    Session existing(String id) {
        return session(id).orElseThrow(() -> NodeException.notFound("id", "no session " + id));
    }

    void requireQuorum() {
        var q = grid.quorumView();
        if (!q.met()) {
            throw NodeException.unavailable("no quorum: this node counts " + q.present() + " of the " + q.required()
                    + " members the cluster needs (quorum " + q.rule() + ")");
        }
    }
}
