package org.siegegrid.core.board;

/**
 * What one node is granted for one session: the most it may send until its next round.
 *
 * @param fraction    open model: fraction of the session's rate profile; closed model: users / total users
 * @param rps         open model: the fraction times the target rate used for the round (informative)
 * @param users       closed model: virtual users on this node
 * @param concurrency max requests in flight on this node; 0 = the spec gave no bound (engine default)
 */
public record Share(double fraction, double rps, int users, int concurrency) {
    public static final Share ZERO = new Share(0, 0, 0, 0);

    public Share {
        if (!(fraction >= 0) || Double.isInfinite(fraction) || !(rps >= 0) || Double.isInfinite(rps)
                || users < 0 || concurrency < 0) {
            throw new IllegalArgumentException("bad share: " + fraction + "/" + rps + "/" + users + "/" + concurrency);
        }
    }

    /** True when this share sends nothing. */
    public boolean idle() {
        return fraction == 0 && users == 0;
    }
}
