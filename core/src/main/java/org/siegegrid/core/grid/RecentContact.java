package org.siegegrid.core.grid;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import com.hazelcast.cluster.Member;

/**
 * When this member last heard from each other node (a heartbeat, or its join), by stable node id.
 * A quorum that trusts Hazelcast's member list alone is fooled by a member cut off from the rest:
 * until it has suspected and removed them — seconds, or longer when it is not the master and must
 * claim mastership first — its list still shows everyone, so it keeps "its" quorum and, as owner of
 * a session key, keeps granting itself the whole rate. Counting only nodes heard from within the
 * window closes that: the cut-off member loses its quorum within the window plus one check,
 * before the others' failure detection can hand its share away. Zero window: trust the list.
 */
final class RecentContact {
    private final LongSupplier nanoClock;
    private final long windowNanos;
    private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();

    RecentContact(LongSupplier nanoClock, long windowNanos) {
        this.nanoClock = nanoClock;
        this.windowNanos = windowNanos;
    }

    void heard(Member m) {
        lastHeard.put(Grid.nodeIdOf(m), nanoClock.getAsLong());
    }

    /** True for the local member, and for one heard from within the window (always, with no window). */
    boolean counts(Member m) {
        return heardWithin(m, windowNanos);
    }

    /** True for the local member, and for one heard from within {@code nanos} (always, with no window). */
    boolean heardWithin(Member m, long nanos) {
        if (windowNanos <= 0 || m.localMember()) {
            return true;
        }
        Long at = lastHeard.get(Grid.nodeIdOf(m));
        return at != null && nanoClock.getAsLong() - at < nanos;
    }
}
