package org.siegegrid.core.grid;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;

/**
 * Split-brain protection "majority": present when more than half of the members this member has
 * seen join, and that did not leave gracefully, are in the member list. Members are counted by
 * their stable node id (member attribute), so the new UUIDs after a merge do not inflate the count.
 * A graceful leave (or an operator's "forget" of a dead node) is announced to every member before
 * the node goes, through {@link #forget(String)}.
 *
 * <p>Hazelcast calls {@link #apply} on every membership change and once per heartbeat interval.
 * The count is per member (what it has seen): a member that joined late knows fewer nodes.
 * One instance per member: build one Config per member.
 */
public final class MajorityQuorumFunction implements SplitBrainProtectionFunction, MembershipListener {

    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();

    @Override
    public boolean apply(Collection<Member> members) {
        int present = 0;
        for (Member m : members) {
            String id = Grid.nodeIdOf(m);
            if (gone.contains(id)) {
                continue;
            }
            known.add(id);
            present++;
        }
        return present > 0 && 2 * present > known.size();
    }

    /** The node left gracefully or was removed by an operator: it no longer counts. */
    public void forget(String nodeId) {
        gone.add(nodeId);
        known.remove(nodeId);
    }

    /** Node ids that count toward the majority (seen, not forgotten). */
    public Set<String> known() {
        return Set.copyOf(known);
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        gone.remove(Grid.nodeIdOf(event.getMember()));   // a node that comes back counts again
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        // a crash or a partition: it keeps counting, that is the point
    }
}
