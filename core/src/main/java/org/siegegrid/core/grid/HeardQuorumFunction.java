package org.siegegrid.core.grid;

import java.time.Duration;
import java.util.function.LongSupplier;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.splitbrainprotection.HeartbeatAware;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;

/**
 * A split-brain protection function that counts only members this member has heard from recently
 * ({@link RecentContact}): Hazelcast tells it of every heartbeat and join. Subclasses decide what
 * count is enough.
 */
abstract class HeardQuorumFunction implements SplitBrainProtectionFunction, HeartbeatAware, MembershipListener {
    final RecentContact contact;

    HeardQuorumFunction(LongSupplier nanoClock, Duration contactWindow) {
        this.contact = new RecentContact(nanoClock, contactWindow.toNanos());
    }

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
