package org.siegegrid.core.grid;

import java.time.Duration;
import java.util.Locale;

/**
 * The minimum cluster size for sending load: a fixed member count, or {@code majority} (a majority
 * of the fleet: the members that joined, less those that left gracefully and those that have been
 * gone for {@code forgetAfter} while a majority was present). A size of 1 or less means no protection.
 */
public record Quorum(int size, boolean majority, Duration forgetAfter) {

    public static final Quorum OFF = new Quorum(1, false, MajorityQuorumFunction.DEFAULT_FORGET_AFTER);
    public static final Quorum MAJORITY = new Quorum(0, true, MajorityQuorumFunction.DEFAULT_FORGET_AFTER);

    public Quorum {
        forgetAfter = forgetAfter == null ? MajorityQuorumFunction.DEFAULT_FORGET_AFTER : forgetAfter;
    }

    public Quorum(int size, boolean majority) {
        this(size, majority, null);
    }

    public static Quorum of(int size) {
        return new Quorum(Math.max(1, size), false);
    }

    /** How long a crashed node keeps counting toward the majority. */
    public Quorum withForgetAfter(Duration d) {
        return new Quorum(size, majority, d);
    }

    /** Parses "majority" or a positive number. */
    public static Quorum parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("majority")) {
            return MAJORITY;
        }
        try {
            int n = Integer.parseInt(t);
            if (n < 1) {
                throw new IllegalArgumentException("quorum must be a positive number or 'majority': " + text);
            }
            return of(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("quorum must be a positive number or 'majority': " + text, e);
        }
    }

    /** True when Hazelcast split-brain protection is configured at all. */
    public boolean enabled() {
        return majority || size >= 2;
    }

    @Override
    public String toString() {
        return majority ? "majority" : Integer.toString(size);
    }
}
