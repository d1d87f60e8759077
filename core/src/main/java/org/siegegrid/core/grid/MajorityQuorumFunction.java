package org.siegegrid.core.grid;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;

/**
 * Split-brain protection "majority": present when more than half of the fleet is in the member list.
 * The fleet is the nodes this member has seen, counted by stable node id (member attribute, so the
 * new UUIDs after a merge do not inflate it), less those that left gracefully (announced through
 * {@link #forget(String)}) and those that have been gone for {@code forgetAfter} while this member
 * held the majority: a crashed node that never comes back stops counting, so crash and restart
 * cycles do not pile up until no majority is possible. Only a side that holds the majority forgets
 * or readmits: a node cut off with a minority keeps counting everyone and stays silent.
 *
 * <p>Safety: the fleets of two members differ by the nodes one of them forgot while the other was cut
 * off. A majority of a fleet and a majority of that fleet less one node always overlap, so two sides
 * cannot both hold a majority while the fleets differ by one node; a member cut off through two or
 * more forgets could (the README says so).
 *
 * <p>A member counts as present only when this member has heard from it recently ({@link RecentContact}):
 * a member list that still shows nodes this member can no longer reach is not believed.
 *
 * <p>Hazelcast calls {@link #apply} on every membership change and once per heartbeat interval. One
 * instance per member: build one Config per member. Thread-safe.
 */
public final class MajorityQuorumFunction extends HeardQuorumFunction {
    /** How long a crashed node keeps counting by default. */
    public static final Duration DEFAULT_FORGET_AFTER = Duration.ofSeconds(30);

    private final LongSupplier nanoClock;
    private final long forgetAfterNanos;
    private final Set<String> fleet = new TreeSet<>();
    private final Set<String> gone = new TreeSet<>();
    private final Map<String, Long> absentSince = new HashMap<>();
    /** Forgotten while still in the member list (a graceful leave): not readmitted before it has gone once. */
    private final Set<String> leaving = new TreeSet<>();
    private int lastPresent;

    /** Trusts the member list as it is (no recency window): for tests of the counting alone. */
    public MajorityQuorumFunction() {
        this(System::nanoTime, DEFAULT_FORGET_AFTER, Duration.ZERO);
    }

    public MajorityQuorumFunction(LongSupplier nanoClock, Duration forgetAfter) {
        this(nanoClock, forgetAfter, Duration.ZERO);
    }

    /** @param contactWindow a member unheard from for this long does not count (zero: trust the list) */
    public MajorityQuorumFunction(LongSupplier nanoClock, Duration forgetAfter, Duration contactWindow) {
        super(nanoClock, contactWindow);
        this.nanoClock = nanoClock;
        this.forgetAfterNanos = forgetAfter.toNanos();
    }

    /** The instance configured on a member, or null when its quorum is not "majority". */
    public static MajorityQuorumFunction of(HazelcastInstance hz) {
        var cfg = hz.getConfig().getSplitBrainProtectionConfigs().get(GridConfigFactory.QUORUM_NAME);
        return cfg != null && cfg.getFunctionImplementation() instanceof MajorityQuorumFunction f ? f : null;
    }

    @Override
    public synchronized boolean apply(Collection<Member> members) {
        Set<String> seen = new TreeSet<>();
        for (Member m : members) {
            if (counts(m)) {
                seen.add(Grid.nodeIdOf(m));
            }
        }
        long now = nanoClock.getAsLong();
        boolean met = count(seen);
        if (met) {
            for (String id : seen) {
                if (!leaving.contains(id) && gone.remove(id)) {
                    fleet.add(id);   // back, and readmitted by a side that holds the majority
                }
            }
            for (String id : new TreeSet<>(fleet)) {
                if (!seen.contains(id)) {
                    long since = absentSince.computeIfAbsent(id, k -> now);
                    if (now - since >= forgetAfterNanos) {
                        fleet.remove(id);
                        gone.add(id);
                        absentSince.remove(id);
                    }
                }
            }
            met = count(seen);
        } else {
            for (String id : fleet) {
                if (!seen.contains(id)) {
                    absentSince.putIfAbsent(id, now);
                }
            }
        }
        absentSince.keySet().removeAll(seen);
        leaving.retainAll(seen);
        return met;
    }

    private boolean count(Set<String> seen) {
        int present = 0;
        for (String id : seen) {
            if (!gone.contains(id)) {
                fleet.add(id);
                present++;
            }
        }
        lastPresent = present;
        return present > 0 && 2 * present > fleet.size();
    }

    @Override
    synchronized boolean enough(Set<String> present) {
        long counted = present.stream().filter(fleet::contains).count();
        return counted > 0 && 2 * counted > fleet.size();
    }

    /** The node left gracefully or was removed by an operator: it no longer counts. */
    public synchronized void forget(String nodeId) {
        gone.add(nodeId);
        leaving.add(nodeId);
        fleet.remove(nodeId);
        absentSince.remove(nodeId);
    }

    /** Node ids that count toward the majority (seen, not left, not forgotten). */
    public synchronized Set<String> known() {
        return Set.copyOf(fleet);
    }

    /** The quorum as of the last {@link #apply}. */
    public synchronized QuorumView view() {
        int required = fleet.size() / 2 + 1;
        return new QuorumView("majority", required, lastPresent, lastPresent >= required && lastPresent > 0,
                java.util.List.copyOf(fleet));
    }
}
