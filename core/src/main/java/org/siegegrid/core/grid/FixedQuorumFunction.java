package org.siegegrid.core.grid;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import com.hazelcast.cluster.Member;

/**
 * Split-brain protection with a fixed size: present when at least {@code size} distinct nodes (by
 * node id) are in the member list AND this member has heard from them recently. Hazelcast's own
 * member-count function trusts the list, which a cut-off member keeps showing for seconds
 * ({@link RecentContact}). One instance per member. Thread-safe.
 */
public final class FixedQuorumFunction extends HeardQuorumFunction {
    private final int size;
    private volatile int lastPresent;

    public FixedQuorumFunction(int size, LongSupplier nanoClock, Duration contactWindow) {
        super(nanoClock, contactWindow);
        this.size = size;
    }

    @Override
    public boolean apply(Collection<Member> members) {
        Set<String> present = new TreeSet<>();
        for (Member m : members) {
            if (counts(m)) {
                present.add(Grid.nodeIdOf(m));
            }
        }
        lastPresent = present.size();
        return present.size() >= size;
    }

    @Override
    boolean enough(Set<String> present) {
        return present.size() >= size;
    }

    /** Nodes counted at the last {@link #apply}. */
    public int lastPresent() {
        return lastPresent;
    }
}
