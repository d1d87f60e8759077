package org.siegegrid.core.session;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users type them: siege's {@code -t} forms ({@code 30S}, {@code 5M}, {@code 1H}) and the
 * usual {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1.5s}, plus Go/k6-style compounds
 * ({@code 1m30s}). Units are case-insensitive: {@code ms}, {@code s}, {@code m}, {@code h}.
 *
 * <p>A bare number: siege's {@code -t} reads {@code 10} as ten MINUTES ({@code parse_time} in siege's
 * util.c: "if no modifier, minutes"), so {@link #parse(String)} does the same; {@link #parse(String,
 * ChronoUnit)} takes the unit of a bare number explicitly (siege's {@code -d} and timeouts are seconds).
 * The JSON spec accepts no bare numbers at all (see {@link SpecJson}).
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)(ms|h|m|s)");
    private static final Pattern BARE = Pattern.compile("\\d+(?:\\.\\d+)?|\\.\\d+");
    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private Durations() {
    }

    /** Parses with siege's {@code -t} rule for a bare number: minutes. */
    public static Duration parse(String text) {
        return parse(text, ChronoUnit.MINUTES);
    }

    /**
     * Parses a duration; a bare number is read in {@code bareUnit}, or rejected when {@code bareUnit}
     * is null.
     *
     * @throws IllegalArgumentException naming the bad text
     */
    public static Duration parse(String text, ChronoUnit bareUnit) {
        if (text == null) {
            throw new IllegalArgumentException("missing duration");
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration \"" + text + "\"");
        }
        if (s.startsWith("-")) {
            throw new IllegalArgumentException("negative duration \"" + text + "\"");
        }
        if (BARE.matcher(s).matches()) {
            if (bareUnit == null) {
                throw new IllegalArgumentException("duration \"" + text + "\" needs a unit: ms, s, m or h (e.g. 30s)");
            }
            return toDuration(new BigDecimal(s), BigInteger.valueOf(bareUnit.getDuration().toNanos()), text);
        }
        Matcher m = PART.matcher(s);
        int pos = 0;
        BigInteger total = BigInteger.ZERO;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("bad duration \"" + text
                        + "\": expected a number and a unit (ms, s, m, h), e.g. 500ms, 30s, 5m, 1h, 1.5s");
            }
            total = total.add(nanos(new BigDecimal(m.group(1)), m.group(2), text));
            pos = m.end();
        }
        return ofNanos(total, text);
    }

    /** True if {@code text} parses with {@link #parse(String, ChronoUnit)}. */
    public static boolean isValid(String text, ChronoUnit bareUnit) {
        try {
            parse(text, bareUnit);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Human form that {@link #parse} reads back exactly: {@code 500ms}, {@code 30s}, {@code 1.5s},
     * {@code 5m}, {@code 1h30m}, {@code 0.25ms}, {@code 0s}.
     */
    public static String format(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration " + d);
        }
        if (d.isZero()) {
            return "0s";
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            BigDecimal ms = BigDecimal.valueOf(d.toNanos()).movePointLeft(6);
            return plain(ms) + "ms";
        }
        StringBuilder out = new StringBuilder();
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        BigDecimal seconds = BigDecimal.valueOf(d.toSecondsPart()).add(BigDecimal.valueOf(d.toNanosPart()).movePointLeft(9));
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds.signum() > 0) {
            out.append(plain(seconds)).append('s');
        }
        return out.toString();
    }

    private static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }

    private static BigInteger nanos(BigDecimal amount, String unit, String text) {
        long perUnit = switch (unit) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalArgumentException("bad unit in \"" + text + "\"");
        };
        return exactNanos(amount, BigInteger.valueOf(perUnit), text);
    }

    private static Duration toDuration(BigDecimal amount, BigInteger perUnit, String text) {
        return ofNanos(exactNanos(amount, perUnit, text), text);
    }

    private static BigInteger exactNanos(BigDecimal amount, BigInteger perUnit, String text) {
        BigDecimal n = amount.multiply(new BigDecimal(perUnit));
        if (n.compareTo(new BigDecimal(MAX_NANOS)) > 0) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too long");
        }
        try {
            return n.setScale(0, java.math.RoundingMode.UNNECESSARY).toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration \"" + text + "\" is finer than a nanosecond");
        }
    }

    private static Duration ofNanos(BigInteger total, String text) {
        if (total.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too long");
        }
        return Duration.ofNanos(total.longValueExact());
    }
}
