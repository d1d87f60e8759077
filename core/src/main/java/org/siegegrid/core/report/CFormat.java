package org.siegegrid.core.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * printf as glibc does it: {@code %.Nf} rounds the exact binary value to nearest, ties to even
 * (Java's {@code String.format} rounds the shortest decimal form half-up, so {@code 0.125} would give
 * {@code 0.13} there and {@code 0.12} in siege).
 */
final class CFormat {
    private CFormat() {
    }

    /** The exact value of {@code v} rounded as glibc's {@code %.Nf}. */
    static BigDecimal round(double v, int decimals) {
        return new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN);
    }

    /** {@code %W.Nf}; NaN and infinities print as {@code n/a}, right-aligned. */
    static String fixed(double v, int width, int decimals) {
        String s = Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : round(v, decimals).toPlainString();
        return pad(s, width);
    }

    /** {@code %Wu}. */
    static String count(long v, int width) {
        return pad(Long.toString(v), width);
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
