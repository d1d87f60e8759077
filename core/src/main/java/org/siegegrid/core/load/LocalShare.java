package org.siegegrid.core.load;

/**
 * What one runner on one node is asked to do right now.
 *
 * @param rateFraction open model: this runner's fraction of the session's rate profile (1.0 on a single node)
 * @param users        closed model: virtual users on this node
 * @param concurrency  max requests in flight on this node (connections)
 * @param quota        total requests this runner may ever issue (cumulative); {@link #UNLIMITED} for no budget
 */
public record LocalShare(double rateFraction, int users, int concurrency, long quota) {
    public static final long UNLIMITED = Long.MAX_VALUE;

    public LocalShare {
        if (!(rateFraction >= 0) || Double.isInfinite(rateFraction)) {
            throw new IllegalArgumentException("rateFraction must be finite and >= 0: " + rateFraction);
        }
        if (users < 0 || concurrency < 0 || quota < 0) {
            throw new IllegalArgumentException("negative share: " + users + "/" + concurrency + "/" + quota);
        }
    }

    public static LocalShare whole(int users, int concurrency, long quota) {
        return new LocalShare(1.0, users, concurrency, quota);
    }

    public LocalShare withQuota(long newQuota) {
        return new LocalShare(rateFraction, users, concurrency, newQuota);
    }
}
