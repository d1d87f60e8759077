package org.siegegrid.core.board;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

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
 * round or until their lease expires. A node that is silent or not live keeps its grant reserved
 * until its lease has expired; then it is dropped and its share becomes headroom. So a join or a
 * failure converges within about one round per node, with a dip rather than an overshoot.
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
            if (!e.nodeId().equals(in.nodeId()) && e.leaseValid(now)) {
                others.put(e.nodeId(), e);
            }
        }
        NodeEntry prev = board.entry(in.nodeId());
        if (prev != null && !prev.leaseValid(now)) {
            prev = null;   // it stopped sending when its lease ran out: it starts again from zero
        }
        Share prevShare = prev == null ? Share.ZERO : prev.share();
        Set<String> live = new TreeSet<>(in.liveNodeIds());
        live.add(in.nodeId());
        if (in.now() - session.startedAt() >= in.leaseMillis()) {
            // newcomers get room only at the start; later a joining node grows from zero
            live.retainAll(others.keySet());
            live.add(in.nodeId());
        }

        SessionSpec spec = session.spec();
        Grant grant = spec.openModel()
                ? openModel(spec, in, others, live, prevShare)
                : closedModel(spec, in, others, live, prevShare);
        Share share = limitConcurrency(spec, in.nodeId(), grant, others, prevShare);

        long base = prev == null || in.issued() < prev.issued() ? in.issued() : prev.quotaGranted();
        long left = board.remainingBudget(spec.requests());
        long add = 0;
        if (spec.requests() != null && !share.idle()) {
            long ahead = in.quotaWanted() >= 0 ? in.quotaWanted() : autoQuota(in, share);
            add = Math.min(Math.max(0, ahead - Math.max(0, base - in.issued())), left);
        }
        long quota = spec.requests() == null ? Long.MAX_VALUE : base + add;
        long lease = now + in.leaseMillis();
        NodeEntry mine = new NodeEntry(in.nodeId(), in.weight(), in.capRps(), in.achievedRps(), in.issued(),
                in.done(), in.failed(), spec.requests() == null ? 0 : base + add, share, now, lease, in.drained());
        others.put(mine.nodeId(), mine);
        Whiteboard next = new Whiteboard(board.round() + 1, others, board.quotaGranted() + add,
                grant.target, grant.deficit, now);
        long budgetLeft = spec.requests() == null ? Long.MAX_VALUE : left - add;
        RoundResult result = new RoundResult(SessionState.RUNNING, session.version(), next.round(), share, quota,
                lease, grant.deficit, budgetLeft);
        return new Outcome(session.withBoard(next), result);
    }

    /** The peak of the spec's rate profile: {@code rps} or the highest stage rate. */
    public static double peakRps(SessionSpec spec) {
        double peak = spec.rps() == null ? 0 : spec.rps();
        for (Stage s : spec.stages()) {
            peak = Math.max(peak, s.rps());
        }
        return peak;
    }

    /** The caller's share before the concurrency bound; {@code ideal} weights split the concurrency. */
    private record Grant(Share share, SortedMap<String, Double> ideal, double target, double deficit) {
    }

    private static Grant openModel(SessionSpec spec, RoundInput in, SortedMap<String, NodeEntry> others,
                                   Set<String> live, Share prev) {
        double target = in.targetRps() > 0 ? in.targetRps() : peakRps(spec);
        Allocator.Allocation alloc = Allocator.allocate(target, claims(in, others, live, true));
        double ideal = target > 0 ? alloc.share(in.nodeId()) / target : 0;
        double held = 0;
        for (NodeEntry e : others.values()) {
            held += e.share().fraction();
        }
        double fraction = Math.min(1, grantUp(ideal, prev.fraction(), 1 - held));
        return new Grant(new Share(fraction, fraction * target, 0, 0), alloc.shares(), target, alloc.deficit());
    }

    private static Grant closedModel(SessionSpec spec, RoundInput in, SortedMap<String, NodeEntry> others,
                                     Set<String> live, Share prev) {
        long total = spec.users() == null ? 0 : spec.users();
        SortedMap<String, Double> weights = new TreeMap<>();
        for (Allocator.Claim c : claims(in, others, live, false)) {
            weights.put(c.nodeId(), c.weight());
        }
        SortedMap<String, Long> idealUsers = Allocator.apportion(total, weights);
        long held = 0;
        for (NodeEntry e : others.values()) {
            held += e.share().users();
        }
        long users = grantUp(idealUsers.getOrDefault(in.nodeId(), 0L), prev.users(), total - held);
        SortedMap<String, Double> ideal = new TreeMap<>();
        idealUsers.forEach((id, u) -> ideal.put(id, (double) u));
        long placed = idealUsers.values().stream().mapToLong(Long::longValue).sum();
        double fraction = total > 0 ? (double) users / total : 0;
        return new Grant(new Share(fraction, 0, (int) users, 0), ideal, 0, total - placed);
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
    private static Share limitConcurrency(SessionSpec spec, String me, Grant grant,
                                          SortedMap<String, NodeEntry> others, Share prev) {
        Share s = grant.share;
        if (spec.concurrency() == null || s.idle()) {
            return s.idle() ? Share.ZERO : s;
        }
        long total = spec.concurrency();
        long ideal = Allocator.apportion(total, grant.ideal, 1).getOrDefault(me, 0L);
        long held = 0;
        for (NodeEntry e : others.values()) {
            held += e.share().concurrency();
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
