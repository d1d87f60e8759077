package org.siegegrid.core.node;

import org.siegegrid.core.load.Ticker;

/**
 * The fence in front of a node's load: it may send only while its lease is fresh AND its quorum
 * is present. The lease is anchored at the moment the round was <em>sent</em> (not answered), and
 * shortened by a safety margin, so this node always stops before the cluster, counting from the
 * same instant, hands its share to someone else. Pure apart from the injected ticker.
 */
public final class SendGate {
    private final Ticker ticker;
    private final long marginNanos;
    private volatile long leaseDeadlineNanos;
    private volatile boolean quorum;
    private volatile boolean leased;

    /**
     * @param marginNanos how much earlier than the cluster's view of the lease this node stops
     */
    public SendGate(Ticker ticker, long marginNanos) {
        this.ticker = ticker;
        this.marginNanos = marginNanos;
        this.quorum = true;
    }

    /** A round sent at {@code sentAtNanos} succeeded and granted a lease of {@code leaseNanos}. */
    public void granted(long sentAtNanos, long leaseNanos) {
        long deadline = sentAtNanos + leaseNanos - marginNanos;
        if (!leased || deadline - leaseDeadlineNanos > 0) {
            leaseDeadlineNanos = deadline;
            leased = true;
        }
    }

    /** The node lost its place (left, drained, session over): no lease until the next grant. */
    public void revoke() {
        leased = false;
    }

    public void quorum(boolean present) {
        this.quorum = present;
    }

    public boolean quorumPresent() {
        return quorum;
    }

    public boolean leaseFresh() {
        return leased && ticker.nanoTime() - leaseDeadlineNanos < 0;
    }

    /** True when this node may send load now. */
    public boolean open() {
        return quorum && leaseFresh();
    }

    /** When the lease runs out on the ticker (Long.MIN_VALUE with none): the engine's own backstop. */
    public long deadlineNanos() {
        return leased ? leaseDeadlineNanos : Long.MIN_VALUE;
    }

    /** Nanoseconds until the lease runs out (negative when it has), for scheduling the next check. */
    public long remainingNanos() {
        return leased ? leaseDeadlineNanos - ticker.nanoTime() : -1;
    }
}
