package org.siegegrid.core.board;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Pure allocation math: capacity-proportional water-filling and largest-remainder rounding.
 * No clock, no cluster, no state; results are ordered by node id and do not depend on the input order.
 */
public final class Allocator {

    private Allocator() {
    }

    /**
     * One node's claim on a total.
     *
     * @param weight relative capacity; share ∝ weight; 0 = gets nothing
     * @param cap    most this node may get (same unit as the total); 0 = no cap
     */
    public record Claim(String nodeId, double weight, double cap) {
        public Claim {
            Objects.requireNonNull(nodeId, "nodeId");
            if (!(weight >= 0) || Double.isInfinite(weight) || !(cap >= 0) || Double.isInfinite(cap)) {
                throw new IllegalArgumentException("bad claim " + nodeId + ": weight " + weight + ", cap " + cap);
            }
        }

        boolean capped() {
            return cap > 0;
        }
    }

    /**
     * The outcome of {@link #allocate}.
     *
     * @param target  the total asked for
     * @param shares  share of each claiming node, by node id (zero for nodes that get nothing)
     * @param deficit how much of the target found no capacity (0 when the nodes can carry it all)
     */
    public record Allocation(double target, SortedMap<String, Double> shares, double deficit) {
        public Allocation {
            shares = Collections.unmodifiableSortedMap(new TreeMap<>(shares));
        }

        public double share(String nodeId) {
            return shares.getOrDefault(nodeId, 0.0);
        }

        /** Sum of the shares: the target minus the deficit. */
        public double allocated() {
            double sum = 0;
            for (double s : shares.values()) {
                sum += s;
            }
            return sum;
        }

        /** Integer shares (users, quotas) that sum exactly to the allocated total, rounded. */
        public SortedMap<String, Long> rounded() {
            return apportion(Math.round(allocated()), shares);
        }
    }

    /**
     * Capacity-proportional water-filling: share_i ∝ weight_i, no node above its cap, what a capped
     * node cannot take poured onto the others. When the caps add up to less than the target, every
     * node with a positive weight runs at its cap and the rest is the deficit.
     */
    public static Allocation allocate(double target, Collection<Claim> claims) {
        if (!(target >= 0) || Double.isInfinite(target)) {
            throw new IllegalArgumentException("target must be finite and >= 0: " + target);
        }
        List<Claim> sorted = sortedUnique(claims);
        SortedMap<String, Double> shares = new TreeMap<>();
        List<Claim> open = new ArrayList<>();
        for (Claim c : sorted) {
            shares.put(c.nodeId(), 0.0);
            if (c.weight() > 0) {
                open.add(c);
            }
        }
        double remaining = target;
        while (!open.isEmpty() && remaining > 0) {
            double weights = 0;
            for (Claim c : open) {
                weights += c.weight();
            }
            double level = remaining / weights;
            List<Claim> full = new ArrayList<>();
            for (Claim c : open) {
                if (c.capped() && c.cap() <= level * c.weight()) {
                    full.add(c);
                }
            }
            if (full.isEmpty()) {
                for (Claim c : open) {
                    shares.put(c.nodeId(), level * c.weight());
                }
                remaining = 0;
                break;
            }
            for (Claim c : full) {
                shares.put(c.nodeId(), c.cap());
                remaining -= c.cap();
            }
            open.removeAll(full);
        }
        return new Allocation(target, shares, Math.max(0, remaining));
    }

    /**
     * Largest-remainder rounding: integers proportional to {@code weights} that sum exactly to
     * {@code total}; each is the floor or the ceiling of its exact quota. Ties go to the lower node id.
     * All zeros when no weight is positive.
     */
    public static SortedMap<String, Long> apportion(long total, SortedMap<String, Double> weights) {
        return apportion(total, weights, 0);
    }

    /**
     * As {@link #apportion(long, SortedMap)}, but when the total allows it every node with a positive
     * weight first gets {@code minEach} (e.g. one connection for a node that has a rate to send).
     */
    public static SortedMap<String, Long> apportion(long total, SortedMap<String, Double> weights, long minEach) {
        if (total < 0 || minEach < 0) {
            throw new IllegalArgumentException("negative total or minimum: " + total + ", " + minEach);
        }
        SortedMap<String, Long> out = new TreeMap<>();
        double sum = 0;
        int positive = 0;
        for (var e : weights.entrySet()) {
            double w = e.getValue();
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("bad weight for " + e.getKey() + ": " + w);
            }
            out.put(e.getKey(), 0L);
            if (w > 0) {
                sum += w;
                positive++;
            }
        }
        if (positive == 0 || total == 0) {
            return out;
        }
        long floor = minEach > 0 && total >= minEach * positive ? minEach : 0;
        long rest = total - floor * positive;
        List<String> ids = new ArrayList<>();
        List<Double> remainders = new ArrayList<>();
        long given = 0;
        for (var e : weights.entrySet()) {
            if (e.getValue() > 0) {
                double exact = rest * (e.getValue() / sum);
                long whole = (long) Math.floor(exact);
                out.put(e.getKey(), floor + whole);
                given += whole;
                ids.add(e.getKey());
                remainders.add(exact - whole);
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -remainders.get(i)).thenComparing(ids::get));
        long left = rest - given;
        for (int k = 0; left > 0; k = (k + 1) % order.size(), left--) {
            out.merge(ids.get(order.get(k)), 1L, Long::sum);
        }
        return out;
    }

    private static List<Claim> sortedUnique(Collection<Claim> claims) {
        List<Claim> sorted = new ArrayList<>(claims);
        sorted.sort(Comparator.comparing(Claim::nodeId));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).nodeId().equals(sorted.get(i - 1).nodeId())) {
                throw new IllegalArgumentException("duplicate node id: " + sorted.get(i).nodeId());
            }
        }
        return sorted;
    }
}
