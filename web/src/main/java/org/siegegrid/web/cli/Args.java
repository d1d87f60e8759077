package org.siegegrid.web.cli;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.siegegrid.core.session.Durations;
import org.siegegrid.core.session.Stage;

/**
 * Parsing of flag values that picocli cannot type by itself. Every method throws
 * {@link UsageError} with a message naming the flag and the bad value.
 */
final class Args {
    private Args() {
    }

    /**
     * siege's forms ({@code 30S}, {@code 5M}, {@code 1H}; a bare number is minutes, as siege's
     * {@code -t}) and {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1m30s}.
     */
    static Duration time(String flag, String text) {
        return parse(flag, text, ChronoUnit.MINUTES);
    }

    /** Like {@link #time} but a bare number is seconds (siege's {@code -d}, {@code --timeout}). */
    static Duration duration(String flag, String text) {
        return parse(flag, text, ChronoUnit.SECONDS);
    }

    private static Duration parse(String flag, String text, ChronoUnit bareUnit) {
        Duration d;
        try {
            d = Durations.parse(text, bareUnit);
        } catch (IllegalArgumentException e) {
            throw new UsageError(flag + ": " + e.getMessage());
        }
        if (d.isZero()) {
            throw new UsageError(flag + ": must be longer than 0: \"" + text.strip() + "\"");
        }
        return d;
    }

    /** {@code 30s:1000,1m:5000}: ramp stages, each "duration:rps". */
    static List<Stage> stages(String flag, String text) {
        List<Stage> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int colon = p.indexOf(':');
            if (colon < 0) {
                throw new UsageError(flag + ": stage '" + p + "' must look like 30s:1000");
            }
            Duration d = duration(flag, p.substring(0, colon));
            double rps;
            try {
                rps = Double.parseDouble(p.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new UsageError(flag + ": stage '" + p + "': rate is not a number");
            }
            if (!(rps >= 0) || Double.isInfinite(rps)) {
                throw new UsageError(flag + ": stage '" + p + "': rate must be a finite number >= 0");
            }
            out.add(new Stage(d, rps));
        }
        return out;
    }

    /** {@code "Name: value"} as siege's {@code -H}. Returns {name, value}. */
    static String[] header(String flag, String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new UsageError(flag + ": header must look like 'Name: value': '" + text + "'");
        }
        String name = text.substring(0, colon).trim();
        if (name.isEmpty() || !name.chars().allMatch(Args::tokenChar)) {
            throw new UsageError(flag + ": bad header name: '" + name + "'");
        }
        return new String[] {name, text.substring(colon + 1).trim()};
    }

    private static boolean tokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
