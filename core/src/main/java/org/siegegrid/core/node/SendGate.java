package org.siegegrid.core.node;

import org.siegegrid.core.load.Ticker;

/**
 * The fence in front of a node's load: it may send only while its lease is fresh AND its quorum
 * is present. The lease is anchored at the moment the round was <em>sent</em> (not answered), and
 * shortened by a safety margin, so this node always stops before the cluster, counting from the
 * same instant, hands its share to someone else.
 *
 * <p>The hold: when the rounds after its last grant fail (the board's owner frozen or cut off, so
 * nobody can be granted more) while its quorum is present, it keeps sending its last grant past the
 * lease, up to {@code holdNanos} more. The board keeps that grant reserved as long as its callers
 * still hear this node, over a longer window than the quorum's, so a node cut off from the rest
 * loses its quorum, and stops, before anyone counts it silent. Pure apart from the injected ticker.
 */
public final class SendGate {
    private final Ticker ticker;
    private final long marginNanos;
    private final long holdNanos;
    private volatile long leaseDeadlineNanos;
    private volatile long holdDeadlineNanos;
    private volatile long grantSentNanos;
    private volatile long attemptNanos;
    private volatile boolean attempted;
    private volatile boolean answeredLate;
    private volatile boolean quorumLostSinceGrant;
    private volatile boolean quorum;
    private volatile boolean leased;

    /** A gate without a hold: it closes when the lease runs out. */
    public SendGate(Ticker ticker, long marginNanos) {
        this(ticker, marginNanos, 0);
    }

    /**
     * @param marginNanos how much earlier than the cluster's view of the lease this node stops
     * @param holdNanos   how long past the lease it may keep its grant while rounds fail (0: never)
     */
    public SendGate(Ticker ticker, long marginNanos, long holdNanos) {
        this.ticker = ticker;
        this.marginNanos = marginNanos;
        this.holdNanos = holdNanos;
        this.quorum = true;
    }

    /** A round was sent (or tried) at {@code sentAtNanos}. */
    public void attempt(long sentAtNanos) {
        attemptNanos = sentAtNanos;
        attempted = true;
    }

    /**
     * A round sent at {@code sentAtNanos} succeeded and granted a lease of {@code leaseNanos}. Ignored
     * while the quorum is absent: such an answer came from a minority's copy of the board (a member
     * that has just woken up still owns keys in its stale partition table), and must never be held.
     */
    public void granted(long sentAtNanos, long leaseNanos) {
        if (!quorum) {
            return;
        }
        long deadline = sentAtNanos + leaseNanos - marginNanos;
        if (!leased || deadline - leaseDeadlineNanos > 0) {
            leaseDeadlineNanos = deadline;
            holdDeadlineNanos = deadline + holdNanos;
            grantSentNanos = sentAtNanos;
            // answered after half its lease or more (or with its lease over already): the board is hard to
            // reach, its next round may well fail too: the hold covers the gap until it is tried
            long now = ticker.nanoTime();
            answeredLate = now - deadline >= 0 || now - sentAtNanos >= leaseNanos / 2;
            quorumLostSinceGrant = false;
            leased = true;
        }
    }

    /** The node lost its place (left, drained, session over): no lease until the next grant. */
    public void revoke() {
        leased = false;
    }

    public void quorum(boolean present) {
        this.quorum = present;
        if (!present) {
            quorumLostSinceGrant = true;   // the others may have counted this node out: never hold that grant
        }
    }

    public boolean quorumPresent() {
        return quorum;
    }

    public boolean leaseFresh() {
        return leased && ticker.nanoTime() - leaseDeadlineNanos < 0;
    }

    /**
     * True while the node keeps its grant past the lease: a round tried after the grant's has not
     * succeeded (or the grant came back after half its lease or more), the quorum is present and has
     * not been lost since the grant, and the hold has not run out.
     */
    public boolean holding() {
        return holdAllowed() && !leaseFresh() && ticker.nanoTime() - holdDeadlineNanos < 0;
    }

    private boolean holdAllowed() {
        return holdNanos > 0 && leased && quorum && !quorumLostSinceGrant
                && (answeredLate || attempted && attemptNanos - grantSentNanos > 0);
    }

    /** True when this node may send load now. */
    public boolean open() {
        return quorum && (leaseFresh() || holding());
    }

    /**
     * When the node must stop on the ticker (Long.MIN_VALUE with no lease): the lease's end, or the
     * hold's while holding is allowed. The engine's own backstop.
     */
    public long deadlineNanos() {
        if (!leased) {
            return Long.MIN_VALUE;
        }
        return holdAllowed() ? holdDeadlineNanos : leaseDeadlineNanos;
    }

    /** Nanoseconds until the lease runs out (negative when it has), for scheduling the next check. */
    public long remainingNanos() {
        return leased ? leaseDeadlineNanos - ticker.nanoTime() : -1;
    }
}
