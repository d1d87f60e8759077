package org.siegegrid.core.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.siegegrid.core.grid.ClusterClock;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.grid.QuorumView;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionEvent;

/**
 * This node's quorum losses in the event logs: a {@link QuorumWatch} fed once a housekeeping pass, and when
 * the quorum is back, {@code quorum-lost} (at the time it went) and {@code quorum-regained} (now) in every
 * session (not ended) this node was on — it runs it, or its whiteboard has it. Written by the node that lost
 * the quorum, once it can write again: the side that kept it sees the node removed ({@code died}) instead.
 */
final class QuorumEvents {
    private final Grid grid;
    private final ClusterClock clock;
    private final EventLog events;
    private final Predicate<String> runs;
    private final QuorumWatch watch = new QuorumWatch();

    /** @param runs whether this node has a runner for a session */
    QuorumEvents(Grid grid, ClusterClock clock, EventLog events, Predicate<String> runs) {
        this.grid = grid;
        this.clock = clock;
        this.events = events;
        this.runs = runs;
    }

    /** One check (the fence's thread, often): follows the quorum; once it is back, queues the two events. Reads no map. */
    void pass() {
        boolean present = grid.quorumPresent();
        QuorumWatch.Regained r = watch.observe(present, clock.millis(), this::how);
        if (r == null) {
            return;
        }
        String self = grid.nodeId();
        String back = how();
        events.later(() -> {
            List<EventLog.Append> out = new ArrayList<>();
            for (Session s : grid.sessions().values()) {
                if (s.deleted() || s.state().terminal() || !runs.test(s.id()) && s.board().entry(self) == null) {
                    continue;
                }
                out.add(new EventLog.Append(s.id(), SessionEvent.of(r.lostAt(), "quorum-lost", self, r.lost()
                        + "; the maps refused reads and writes and its load stopped; back after "
                        + String.format(Locale.ROOT, "%.1f", r.seconds()) + " s")));
                out.add(new EventLog.Append(s.id(), SessionEvent.of(r.regainedAt(), "quorum-regained", self, back
                        + " after " + String.format(Locale.ROOT, "%.1f", r.seconds()) + " s without")));
            }
            return out;
        });
    }

    /** How the quorum stands now, as this node counts it. */
    private String how() {
        QuorumView q = grid.quorumView();
        return "counted " + q.present() + " of the " + q.required() + " members quorum " + q.rule() + " needs";
    }
}
