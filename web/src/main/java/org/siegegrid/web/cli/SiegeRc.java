package org.siegegrid.web.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * siege 4.0.7's resource file ({@code -R FILE}, else {@code $SIEGERC}, else {@code ~/.siege/siege.conf}
 * when it exists): {@code key = value} lines, {@code #} comments, {@code $(VAR)}/{@code ${VAR}} expanded.
 * Pure: the keys {@code run} maps to its flags are kept (the last of a key wins, as in siege), the others
 * named; a line that is not {@code key = value} is an error naming the file and line (siege skips it).
 */
final class SiegeRc {
    /** The keys that map to run's flags. */
    static final Set<String> USED = Set.of("concurrent", "time", "reps", "delay", "benchmark", "internet", "timeout",
            "failures", "follow-location", "cookies", "accept-encoding", "login", "user-agent", "verbose", "quiet",
            "json_output", "logging", "logfile", "file", "url");
    private static final Pattern LINE = Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)\\s*=\\s*(.*)");
    private static final Pattern VAR = Pattern.compile("\\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]");

    /** The used keys' values, and the keys given that run does not use (each once, in order). */
    record Settings(Path file, Map<String, String> values, List<String> ignored) {
        String get(String key) {
            return values.get(key);
        }
    }

    private SiegeRc() {
    }

    /** The file to read: {@code -R}'s, else $SIEGERC, else ~/.siege/siege.conf if it exists; null when none. */
    static Path locate(String flag, Map<String, String> env) {
        if (flag != null) {
            return Path.of(flag);
        }
        String rc = env.get("SIEGERC");
        if (rc != null && !rc.isEmpty()) {
            return Path.of(rc);
        }
        String home = env.get("HOME");
        Path conf = home == null || home.isEmpty() ? null : Path.of(home, ".siege", "siege.conf");
        return conf != null && Files.isRegularFile(conf) ? conf : null;
    }

    /** Parses {@code text} of {@code file}; UsageError "FILE:N: ..." for a line that is not key = value. */
    static Settings parse(Path file, String text, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            int hash = l.indexOf('#');
            String s = (hash >= 0 ? l.substring(0, hash) : l).strip();
            if (s.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(s);
            if (!m.matches()) {
                throw new UsageError(file + ":" + (i + 1) + ": expected \"key = value\", got \"" + s + "\"");
            }
            String key = m.group(1).toLowerCase(java.util.Locale.ROOT);
            String value = expand(m.group(2).strip(), env);
            if (USED.contains(key)) {
                values.put(key, value);
            } else if (!ignored.contains(key)) {
                ignored.add(key);
            }
        }
        return new Settings(file, values, List.copyOf(ignored));
    }

    /** siege's booleans (true/false, on/off, yes/no); UsageError naming the file and key for another word. */
    static boolean bool(Settings s, String key) {
        String v = s.get(key).toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new UsageError(s.file() + ": " + key + " = " + s.get(key) + ": expected true or false");
        };
    }

    private static String expand(String v, Map<String, String> env) {
        Matcher m = VAR.matcher(v);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
        }
        return m.appendTail(b).toString();
    }

    /** Fills the flags the command line left unset from the file (the command line wins). */
    static void apply(Settings rc, RunCommand c) {
        SpecFlags f = c.session;
        Map<String, String> v = rc.values();
        if (f.users == null && v.containsKey("concurrent")) {
            f.users = number(rc, "concurrent");
        }
        if (f.time == null && f.reps == null && v.containsKey("time") && !v.get("time").isEmpty()) {
            f.time = v.get("time");
        }
        if (f.reps == null && f.time == null && v.containsKey("reps") && !v.get("reps").isEmpty()) {
            f.reps = v.get("reps").equalsIgnoreCase("once") ? SpecFlags.Reps.ONCE : number(rc, "reps");
        }
        if (f.delay == null && v.containsKey("delay")) {
            f.delay = v.get("delay");
        }
        if (f.timeout == null && v.containsKey("timeout")) {
            f.timeout = v.get("timeout").matches("\\d+") ? v.get("timeout") + "s" : v.get("timeout");
        }
        if (f.failures == null && v.containsKey("failures")) {
            f.failures = number(rc, "failures");
        }
        if (f.agent == null && v.containsKey("user-agent") && !v.get("user-agent").isEmpty()) {
            f.agent = v.get("user-agent");
        }
        if (f.login == null && v.containsKey("login") && !v.get("login").isEmpty()) {
            String[] parts = v.get("login").split(":", -1); // siege: user:pass[:realm]
            f.login = parts.length >= 2 ? parts[0] + ":" + parts[1] : v.get("login");
        }
        String ae = v.get("accept-encoding");
        boolean hasAe = f.headers != null && f.headers.stream().anyMatch(h -> h.toLowerCase(java.util.Locale.ROOT)
                .startsWith("accept-encoding:"));
        if (ae != null && !ae.isEmpty() && !hasAe) {
            f.headers = new ArrayList<>(f.headers == null ? List.of() : f.headers);
            f.headers.add("Accept-Encoding: " + ae);
        }
        f.benchmark |= v.containsKey("benchmark") && bool(rc, "benchmark");
        f.random |= v.containsKey("internet") && bool(rc, "internet");
        f.noFollow |= v.containsKey("follow-location") && !bool(rc, "follow-location");
        f.noCookies |= v.containsKey("cookies") && !bool(rc, "cookies");
        c.verbose |= v.containsKey("verbose") && bool(rc, "verbose");
        c.quiet |= v.containsKey("quiet") && bool(rc, "quiet");
        c.json |= v.containsKey("json_output") && bool(rc, "json_output");
        if (c.siegeLog == null && v.containsKey("logging") && bool(rc, "logging")) {
            c.siegeLog = "";
        }
        if ((f.urls == null || f.urls.isEmpty()) && c.file == null) {
            if (v.containsKey("url") && !v.get("url").isEmpty()) {
                f.urls = List.of(v.get("url"));
            } else if (v.containsKey("file") && !v.get("file").isEmpty()) {
                c.file = v.get("file");
            }
        }
    }

    private static Integer number(Settings s, String key) {
        try {
            return Integer.valueOf(s.get(key).strip());
        } catch (NumberFormatException e) {
            throw new UsageError(s.file() + ": " + key + " = " + s.get(key) + ": expected a number");
        }
    }
}
