package org.siegegrid.core.grid;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.splitbrainprotection.HeartbeatAware;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;

/**
 * A split-brain protection function that counts only members this member has heard from recently
 * ({@link RecentContact}) and that proved the cluster secret ({@link MemberTrust}): Hazelcast tells it
 * of every heartbeat and join. Subclasses decide what count is enough.
 */
abstract class HeardQuorumFunction implements SplitBrainProtectionFunction, HeartbeatAware, MembershipListener {
    final RecentContact contact;
    private volatile MemberTrust trust = MemberTrust.OPEN;

    HeardQuorumFunction(LongSupplier nanoClock, Duration contactWindow) {
        this.contact = new RecentContact(nanoClock, contactWindow.toNanos());
    }

    /** Counts only members this trust accepts; returns this. */
    HeardQuorumFunction trusting(MemberTrust t) {
        this.trust = t;
        return this;
    }

    /** True when a member counts now: it proved the secret and was heard from within the contact window. */
    final boolean counts(Member m) {
        return trust.trusted(m) && contact.counts(m);
    }

    /** Node ids of {@code members} heard from within {@code window} (the local member always). */
    Set<String> heard(Collection<Member> members, Duration window) {
        Set<String> ids = new TreeSet<>();
        for (Member m : members) {
            if (trust.trusted(m) && contact.heardWithin(m, window.toNanos())) {
                ids.add(Grid.nodeIdOf(m));
            }
        }
        return ids;
    }

    /**
     * True when the nodes heard from within {@code window} would be enough for the quorum, counted
     * by the same rule as {@link #apply} but without changing what it remembers.
     */
    boolean enoughWithin(Collection<Member> members, Duration window) {
        return enough(heard(members, window));
    }

    /** True when these node ids are enough for the quorum; no side effects. */
    abstract boolean enough(Set<String> present);

    @Override
    public void onHeartbeat(Member member, long timestamp) {
        contact.heard(member);
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        contact.heard(event.getMember());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        // nothing: a node that comes back is heard again
    }
}
