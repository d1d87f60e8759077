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
 *
 * <p>A member that was itself stalled (a SIGSTOP, a long pause: its own monotonic clock moved a window or
 * more between two looks) hears nobody for one window after it wakes. Hazelcast, seeing such a jump,
 * resets every member's heartbeat and tells the split-brain protection that each was just heard
 * ({@code ClusterHeartbeatManager.resetHeartbeats}): without this the woken member counted a quorum it no
 * longer had, and its stale copy of the board granted it the whole rate for a moment (FreezeNodeIT).
 */
final class RecentContact {
    private final LongSupplier nanoClock;
    private final long windowNanos;
    private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();
    /** When this member last looked at its clock here (if it has), and until when it hears nobody. */
    private volatile long lastLookNanos;
    private volatile boolean looked;
    private volatile long deafUntilNanos;
    private volatile boolean deaf;

    RecentContact(LongSupplier nanoClock, long windowNanos) {
        this.nanoClock = nanoClock;
        this.windowNanos = windowNanos;
    }

    void heard(Member m) {
        lastHeard.put(Grid.nodeIdOf(m), look());
    }

    /** The clock now; a jump of a window or more since the last look was a stall of this member. */
    private long look() {
        long now = nanoClock.getAsLong();
        long last = lastLookNanos;
        boolean before = looked;
        lastLookNanos = now;
        looked = true;
        if (windowNanos > 0 && before && now - last >= windowNanos) {
            deafUntilNanos = now + windowNanos;
            deaf = true;
        }
        return now;
    }

    /** True for the local member, and for one heard from within the window (always, with no window). */
    boolean counts(Member m) {
        return heardWithin(m, windowNanos);
    }

    /** True for the local member, and for one heard from within {@code nanos} (always, with no window). */
    boolean heardWithin(Member m, long nanos) {
        if (windowNanos <= 0) {
            return true;
        }
        long now = look();   // the fence counts every 50 ms: a gap of a window is this member's own stall
        if (m.localMember()) {
            return true;
        }
        if (deaf && now - deafUntilNanos < 0) {
            return false;
        }
        Long at = lastHeard.get(Grid.nodeIdOf(m));
        return at != null && now - at < nanos;
    }
}
