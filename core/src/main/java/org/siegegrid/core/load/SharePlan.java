package org.siegegrid.core.load;

import org.siegegrid.core.load.Slice.SlicePart;

/**
 * Splits one runner's share over its slices (one per I/O loop). Connections and users are split
 * as evenly as integers allow; each slice's rate fraction follows its connections, so a slice
 * without connections gets no rate; phases interleave the slices' schedules.
 */
record SharePlan(SlicePart[] parts) {

    static SharePlan split(LoadPlan plan, LocalShare share, int slices) {
        SlicePart[] parts = new SlicePart[slices];
        int conns = share.concurrency() > 0 ? share.concurrency() : plan.connections(share.users());
        int withConns = Math.min(conns, slices);
        for (int k = 0; k < slices; k++) {
            int c = evenPart(conns, slices, k);
            int u = evenPart(share.users(), slices, k);
            double fraction = conns == 0 ? 0 : share.rateFraction() * c / conns;
            double phase = withConns == 0 ? 0 : (double) k / withConns;
            parts[k] = new SlicePart(fraction, c, phase, u, plan.seed() + k, withConns);
        }
        return new SharePlan(parts);
    }

    /** The k-th of n nearly equal integer parts of total (they sum to total). */
    static int evenPart(int total, int n, int k) {
        return total / n + (k < total % n ? 1 : 0);
    }

    SlicePart part(int k) {
        return parts[k];
    }
}
