package org.siegegrid.core.grid;

import java.util.Locale;

/**
 * The minimum cluster size for sending load: a fixed member count, or {@code majority} (a majority
 * of the members that joined and did not leave gracefully). A size of 1 or less means no protection.
 */
public record Quorum(int size, boolean majority) {

    public static final Quorum OFF = new Quorum(1, false);
    public static final Quorum MAJORITY = new Quorum(0, true);

    public static Quorum of(int size) {
        return new Quorum(Math.max(1, size), false);
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
