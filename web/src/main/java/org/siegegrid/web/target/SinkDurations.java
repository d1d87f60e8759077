package org.siegegrid.web.target;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the sink's flags write them: {@code 250us}, {@code 5ms}, {@code 1.5s}, {@code 2m}, {@code 1h}. */
final class SinkDurations {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|m|h)");

    private SinkDurations() {
    }

    static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration (like 5ms, 2s): '" + text.trim() + "'");
        }
        double n = Double.parseDouble(m.group(1));
        double unitNanos = switch (m.group(2)) {
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> 3600e9;
        };
        return Duration.ofNanos(Math.round(n * unitNanos));
    }

    static String format(Duration d) {
        long ns = d.toNanos();
        if (ns % 1_000_000_000L == 0) {
            return ns / 1_000_000_000L + "s";
        }
        if (ns % 1_000_000L == 0) {
            return ns / 1_000_000L + "ms";
        }
        return ns / 1_000L + "us";
    }
}
