package org.siegegrid.web.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.siegegrid.core.session.HttpOptions;

/**
 * {@code run -C}: siege 4.0.7's "CURRENT  SIEGE  CONFIGURATION" list, each of its keys with the value
 * {@code run} would use (flags and resource file applied), and "not used" for the keys with no
 * meaning here. Pure: the lines from the command's state.
 */
final class SiegeConfig {
    static final String NOT_USED = "not used";

    private SiegeConfig() {
    }

    static String text(RunCommand c, Path rcFile, String version) {
        SpecFlags f = c.session;
        List<String[]> rows = new ArrayList<>();
        rows.add(row("version", version));
        rows.add(row("verbose", c.verbose));
        rows.add(row("color", NOT_USED));
        rows.add(row("quiet", c.quiet));
        rows.add(row("debug", NOT_USED));
        rows.add(row("protocol", "HTTP/1.1"));
        rows.add(row("HTML parser", NOT_USED + " (never fetches a page's resources)"));
        rows.add(row("get method", "GET"));
        rows.add(row("connection", "keep-alive"));
        rows.add(row("concurrent users", f.rps != null || f.stages != null ? "n/a (a rate: --rps/--stages)"
                : String.valueOf(f.users == null ? SpecAssembler.SIEGE_DEFAULT_USERS : f.users)));
        rows.add(row("time to run", f.time == null ? "n/a" : f.time));
        rows.add(row("repetitions", f.reps == null ? "n/a" : f.reps == SpecFlags.Reps.ONCE ? "once" : f.reps.toString()));
        rows.add(row("socket timeout", f.timeout == null ? "30" : f.timeout));
        rows.add(row("cache enabled", NOT_USED));
        boolean ownAe = f.headers != null && f.headers.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("accept-encoding:"));
        rows.add(row("accept-encoding", ownAe ? "(from -H)" : HttpOptions.ACCEPT_ENCODING));
        rows.add(row("delay", f.benchmark ? "0.000 sec" : f.delay == null ? "0.000 sec" : f.delay + " sec"));
        rows.add(row("internet simulation", f.random));
        rows.add(row("benchmark mode", f.benchmark));
        rows.add(row("failures until abort", f.failures != null ? f.failures.toString()
                : f.rps != null || f.stages != null ? "none" : String.valueOf(HttpOptions.SIEGE_FAILURES)));
        rows.add(row("named URL", f.urls == null || f.urls.isEmpty() ? "none" : f.urls.get(0)));
        rows.add(row("URLs file", c.file == null ? "none" : c.file));
        rows.add(row("thread limit", NOT_USED));
        rows.add(row("logging", c.siegeLog != null || c.siegeMark != null));
        rows.add(row("log file", c.logFile().toString()));
        rows.add(row("resource file", rcFile == null ? "none" : rcFile.toString()));
        rows.add(row("timestamped output", NOT_USED));
        rows.add(row("comma separated output", NOT_USED));
        rows.add(row("allow redirects", !f.noFollow));
        rows.add(row("allow zero byte data", NOT_USED));
        rows.add(row("allow chunked encoding", true));
        rows.add(row("upload unique files", NOT_USED));
        rows.add(row("json output", c.json));
        rows.add(row("no-follow", NOT_USED));
        rows.add(row("proxy auth", NOT_USED));
        rows.add(row("www auth", f.login == null ? "" : f.login.substring(0, Math.max(0, f.login.indexOf(':'))) + ":***"));
        rows.add(row("cookies", !f.noCookies));
        StringBuilder b = new StringBuilder();
        b.append("CURRENT  SIEGE  CONFIGURATION\n");
        b.append(f.agent == null ? "SiegeGrid/0.1" : f.agent).append('\n');
        b.append("Edit the resource file to change the settings.\n");
        b.append("----------------------------------------------\n");
        for (String[] r : rows) {
            b.append(String.format(Locale.ROOT, "%-32s%s%n", r[0] + ":", r[1]));
        }
        return b.toString();
    }

    private static String[] row(String label, Object value) {
        return new String[] {label, String.valueOf(value)};
    }
}
