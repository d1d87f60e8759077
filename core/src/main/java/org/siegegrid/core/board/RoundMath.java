package org.siegegrid.core.board;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongToDoubleFunction;
import java.util.function.ToDoubleFunction;

import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SessionState;
import org.siegegrid.core.session.Stage;

/**
 * The whiteboard round as a pure function of (stored session, caller's input). No clock, no
 * cluster, no randomness: Hazelcast runs it on the primary and again on the backup.
 *
 * <p>Safety rule ("never above the target"): only the caller's grant changes in its round. A
 * decrease takes effect at once; an increase is limited to the headroom that the other nodes'
 * current grants leave, because those nodes keep sending at their grant until their own next
 * round or until their lease expires. A node keeps its grant reserved until its lease has expired
 * and, when the caller still hears it (a recent heartbeat), for the round input's hold after that:
 * a node whose rounds fail (the board's owner frozen or cut off) while it hears a majority keeps
 * sending its last grant that long. A node that is silent or gone is dropped when its lease ends and
 * its share becomes headroom. So a join or a failure converges within about one round per node,
 * with a dip rather than an overshoot.
 */
public final class RoundMath {

    private RoundMath() {
    }

    /**
     * @param updated the new map value, or null when nothing is to be written
     * @param result  what the caller is told
     */
    public record Outcome(Session updated, RoundResult result) {
    }

    public static Outcome apply(Session session, RoundInput in) {
        if (session == null || session.deleted()) {
            return new Outcome(null, RoundResult.idle(null, session == null ? 0 : session.version(),
                    session == null ? 0 : session.board().round()));
        }
        Whiteboard board = session.board();
        if (session.state() != SessionState.RUNNING) {
            return new Outcome(null, RoundResult.idle(session.state(), session.version(), board.round()));
        }
        long now = in.now();
        SortedMap<String, NodeEntry> others = new TreeMap<>();
        for (NodeEntry e : board.entries().values()) {
            if (!e.nodeId().equals(in.nodeId()) && reserved(e, in.heard(e.nodeId()), in, now)) {
                others.put(e.nodeId(), e);
            }
        }
        NodeEntry prev = board.entry(in.nodeId());
        if (prev != null && !reserved(prev, true, in, now)) {
            prev = null;   // it stopped sending when its lease (and any hold) ran out: it starts again from zero
        }
        Share cur = prev == null ? Share.ZERO : prev.shareAt(now);
        Set<String> live = new TreeSet<>(in.liveNodeIds());
        live.add(in.nodeId());
        if (in.now() - session.startedAt() >= in.leaseMillis()) {
            // newcomers get room only at the start; later a joining node grows from zero
            live.retainAll(others.keySet());
            live.add(in.nodeId());
        }

        SessionSpec spec = session.spec();
        Grant grant = spec.openModel()
                ? openModel(spec, in, others, live, cur, prev)
                : closedModel(spec, in, others, live, cur, prev);
        Share share = limitConcurrency(spec, in.nodeId(), grant.share, grant, others, cur);
        Share nextShare = grant.step.at() == 0 ? share : limitConcurrency(spec, in.nodeId(), grant.next, grant, others, cur);
        long nextAt = nextShare.equals(share) ? 0 : grant.step.at();

        long base = prev == null || in.issued() < prev.issued() ? in.issued() : prev.quotaGranted();
        long left = board.remainingBudget(spec.requests());
        long add = 0;
        if (spec.requests() != null && !(share.idle() && nextShare.idle())) {
            long ahead = in.quotaWanted() >= 0 ? in.quotaWanted() : autoQuota(in, share.idle() ? nextShare : share);
            add = Math.min(Math.max(0, ahead - Math.max(0, base - in.issued())), left);
        }
        long quota = spec.requests() == null ? Long.MAX_VALUE : base + add;
        long lease = now + in.leaseMillis();
        NodeEntry mine = new NodeEntry(in.nodeId(), in.weight(), in.capRps(), in.achievedRps(), in.issued(),
                in.done(), in.failed(), spec.requests() == null ? 0 : base + add, share, now, lease, in.drained(),
                nextShare, nextAt);
        others.put(mine.nodeId(), mine);
        Whiteboard next = new Whiteboard(board.round() + 1, others, board.quotaGranted() + add,
                grant.target, grant.deficit, now);
        long budgetLeft = spec.requests() == null ? Long.MAX_VALUE : left - add;
        RoundResult result = new RoundResult(SessionState.RUNNING, session.version(), next.round(), share, quota,
                lease, grant.deficit, budgetLeft, nextShare, nextAt);
        return new Outcome(session.withBoard(next), result);
    }

    /**
     * True while a node's grant may still be in force: its lease is valid, or it ended less than the
     * hold ago and the node is still heard from (a node that is heard but cannot reach the board may
     * be holding its grant; one that is silent or gone stopped at its lease, or lost its quorum).
     */
    static boolean reserved(NodeEntry e, boolean heard, RoundInput in, long now) {
        return e.leaseValid(now) || heard && in.holdMillis() > 0 && now - e.leaseExpiry() < in.holdMillis();
    }

    /** The peak of the spec's rate profile: {@code rps} or the highest stage rate. */
    public static double peakRps(SessionSpec spec) {
        double peak = spec.rps() == null ? 0 : spec.rps();
        for (Stage s : spec.stages()) {
            peak = Math.max(peak, s.rps());
        }
        return peak;
    }

    /**
     * The caller's share before the concurrency bound, and the one it switches to at {@code step.at}
     * (the same when nothing is scheduled); {@code ideal} weights split the concurrency.
     */
    private record Grant(Share share, Share next, Step step, SortedMap<String, Double> ideal, double target,
                         double deficit) {
    }

    /**
     * The caller's grant over time, in the model's unit (fraction of the rate, or users): {@code now}
     * from this round on, {@code next} from {@code at} (cluster millis; 0 = no switch).
     */
    record Step(double now, double next, long at) {
    }

    private static Grant openModel(SessionSpec spec, RoundInput in, SortedMap<String, NodeEntry> others,
                                   Set<String> live, Share cur, NodeEntry prev) {
        double target = in.targetRps() > 0 ? in.targetRps() : peakRps(spec);
        Allocator.Allocation alloc = Allocator.allocate(target, claims(in, others, live, true));
        double ideal = target > 0 ? alloc.share(in.nodeId()) / target : 0;
        Step step = schedule(Math.min(1, ideal), cur.fraction(), prev, in, others.values(), Share::fraction, 1);
        double now = Math.min(1, step.now());
        double next = Math.min(1, step.next());
        return new Grant(new Share(now, now * target, 0, 0), new Share(next, next * target, 0, 0), step,
                alloc.shares(), target, alloc.deficit());
    }

    private static Grant closedModel(SessionSpec spec, RoundInput in, SortedMap<String, NodeEntry> others,
                                     Set<String> live, Share cur, NodeEntry prev) {
        long total = spec.users() == null ? 0 : spec.users();
        SortedMap<String, Double> weights = new TreeMap<>();
        for (Allocator.Claim c : claims(in, others, live, false)) {
            weights.put(c.nodeId(), c.weight());
        }
        SortedMap<String, Long> idealUsers = Allocator.apportion(total, weights);
        Step step = schedule(idealUsers.getOrDefault(in.nodeId(), 0L), cur.users(), prev, in, others.values(),
                s -> s.users(), total);
        long now = Math.round(step.now());
        long next = Math.round(step.next());
        SortedMap<String, Double> ideal = new TreeMap<>();
        idealUsers.forEach((id, u) -> ideal.put(id, (double) u));
        long placed = idealUsers.values().stream().mapToLong(Long::longValue).sum();
        return new Grant(users(now, total), users(next, total), step, ideal, 0, total - placed);
    }

    private static Share users(long users, long total) {
        return new Share(total > 0 ? (double) users / total : 0, 0, (int) users, 0);
    }

    /**
     * The caller's grant over time, so that at no instant the grants in force add up to more than
     * {@code total} (every other node's line counts as it stands at that instant, scheduled switches
     * included). Make-before-break: a decrease is not taken now but {@code handoff} ahead (two round
     * intervals), so the others can be granted the room from that instant in their next rounds and the
     * load never dips while it moves; an increase is taken now as far as the room allows at every
     * instant from now on, and beyond that from the last scheduled switch of another node (the room a
     * leaving node frees then). A decrease already promised keeps its instant (others may start then).
     */
    static Step schedule(double ideal, double cur, NodeEntry prev, RoundInput in, Collection<NodeEntry> others,
                         ToDoubleFunction<Share> unit, double total) {
        long now = in.now();
        TreeSet<Long> switches = new TreeSet<>();
        for (NodeEntry e : others) {
            if (e.pendingAt(now)) {
                switches.add(e.nextAt());
            }
        }
        LongToDoubleFunction roomFrom = from -> {
            double room = Double.MAX_VALUE;
            TreeSet<Long> at = new TreeSet<>(switches.tailSet(from, false));
            at.add(from);
            for (long x : at) {
                double held = 0;
                for (NodeEntry e : others) {
                    held += unit.applyAsDouble(e.shareAt(x));
                }
                room = Math.min(room, total - held);
            }
            return room;
        };
        if (prev != null && prev.pendingAt(now) && unit.applyAsDouble(prev.next()) < unit.applyAsDouble(prev.share())) {
            double promised = unit.applyAsDouble(prev.next());
            return new Step(cur, grantUp(ideal, promised, roomFrom.applyAsDouble(prev.nextAt())), prev.nextAt());
        }
        if (ideal < cur) {
            return new Step(cur, Math.max(0, ideal), now + handoffMillis(in));
        }
        double n = grantUp(ideal, cur, roomFrom.applyAsDouble(now));
        if (switches.isEmpty()) {
            return new Step(n, n, 0);
        }
        long last = switches.last();
        double m = grantUp(ideal, n, roomFrom.applyAsDouble(last));
        return m > n ? new Step(n, m, last) : new Step(n, n, 0);
    }

    /** How far ahead a decrease is taken: two round intervals, so every other node runs a round before. */
    static long handoffMillis(RoundInput in) {
        return 2 * in.roundMillis();
    }

    /** Claims of the nodes that may carry load: live, lease valid, not drained, positive weight. */
    private static List<Allocator.Claim> claims(RoundInput in, SortedMap<String, NodeEntry> others,
                                                Set<String> live, boolean withCaps) {
        List<Allocator.Claim> claims = new ArrayList<>();
        for (NodeEntry e : others.values()) {
            if (live.contains(e.nodeId()) && !e.drained()) {
                claims.add(new Allocator.Claim(e.nodeId(), e.weight(), withCaps ? e.capRps() : 0));
            }
        }
        for (String id : live) {
            // at the session's start, members not on the board yet are expected: keep room for them
            if (!others.containsKey(id) && !id.equals(in.nodeId())) {
                claims.add(new Allocator.Claim(id, in.weight(), 0));
            }
        }
        if (!in.drained()) {
            claims.add(new Allocator.Claim(in.nodeId(), in.weight(), withCaps ? in.capRps() : 0));
        }
        return claims;
    }

    /**
     * Splits the spec's cluster-wide concurrency like the ideal shares (at least one connection per
     * loaded node when there are enough), under the same headroom rule. A node left without a
     * connection while a bound exists gets an idle share: 0 concurrency means "no bound given".
     */
    private static Share limitConcurrency(SessionSpec spec, String me, Share s, Grant grant,
                                          SortedMap<String, NodeEntry> others, Share prev) {
        if (spec.concurrency() == null || s.idle()) {
            return s.idle() ? Share.ZERO : s;
        }
        long total = spec.concurrency();
        long ideal = Allocator.apportion(total, grant.ideal, 1).getOrDefault(me, 0L);
        long held = 0;
        for (NodeEntry e : others.values()) {
            held += Math.max(e.share().concurrency(), e.next().concurrency());
        }
        long c = grantUp(ideal, prev.concurrency(), total - held);
        return c <= 0 ? Share.ZERO : new Share(s.fraction(), s.rps(), s.users(), (int) Math.min(Integer.MAX_VALUE, c));
    }

    /** A decrease at once; an increase only into the headroom, never below what is already held. */
    static double grantUp(double ideal, double held, double headroom) {
        if (ideal <= held) {
            return Math.max(0, ideal);
        }
        return Math.max(held, Math.min(ideal, Math.max(0, headroom)));
    }

    static long grantUp(long ideal, long held, long headroom) {
        if (ideal <= held) {
            return Math.max(0, ideal);
        }
        return Math.max(held, Math.min(ideal, Math.max(0, headroom)));
    }

    private static long autoQuota(RoundInput in, Share share) {
        double seconds = 2.0 * in.roundMillis() / 1000.0;
        double rate = share.rps() > 0 ? share.rps() : in.achievedRps();
        long chunk = (long) Math.ceil(seconds * rate);
        return Math.max(1, Math.max(chunk, 2L * share.users()));
    }
}
