package org.siegegrid.core.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.siegegrid.core.session.Durations;
import org.siegegrid.core.grid.MemberTrust;
import org.siegegrid.core.session.Problem;
import org.siegegrid.core.session.Redaction;

/**
 * Resolves {@link NodeSettings}: built-in defaults (config/siegegrid.properties on the class path)
 * &lt; an optional settings file &lt; {@code SIEGEGRID_*} environment variables &lt; flags. Every
 * problem is reported at once, naming the key and where its value came from.
 */
public final class SettingsLoader {
    public static final String DEFAULTS_RESOURCE = "/config/siegegrid.properties";
    public static final String ENV_PREFIX = "SIEGEGRID_";

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final List<String> keys;

    public SettingsLoader() {
        try (InputStream in = SettingsLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the class path");
            }
            Properties p = new Properties();
            p.load(in);
            p.forEach((k, v) -> put(k.toString(), v.toString(), "defaults"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in defaults", e);
        }
        keys = List.copyOf(values.keySet());
    }

    /** The keys a node understands: those of the defaults file. */
    public static List<String> keys() {
        return new SettingsLoader().keys;
    }

    /** The environment variable for a key: cluster.name -> SIEGEGRID_CLUSTER_NAME. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Overlays a properties file; an unknown key is a problem naming the file. */
    public SettingsLoader file(Path file, List<Problem> problems) {
        try (Reader r = Files.newBufferedReader(file)) {
            Properties p = new Properties();
            p.load(r);
            for (String k : p.stringPropertyNames()) {
                if (!keys.contains(k)) {
                    problems.add(new Problem(file + ": " + k, "unknown setting"));
                } else {
                    put(k, p.getProperty(k), file.toString());
                }
            }
        } catch (IOException e) {
            problems.add(new Problem(file.toString(), "cannot read settings file: " + e.getMessage()));
        }
        return this;
    }

    /** Overlays {@code SIEGEGRID_*} variables of the given environment (unknown ones are ignored). */
    public SettingsLoader env(Map<String, String> env) {
        for (String k : keys) {
            String v = env.get(envName(k));
            if (v != null) {
                put(k, v, envName(k));
            }
        }
        return this;
    }

    /** Overlays one flag's value (null = flag not given). */
    public SettingsLoader flag(String key, String value) {
        if (!keys.contains(key)) {
            throw new IllegalArgumentException("unknown setting " + key);
        }
        if (value != null) {
            put(key, value, "--" + key.replace('.', '-'));
        }
        return this;
    }

    private void put(String key, String value, String origin) {
        values.put(key, value.trim());
        origins.put(key, origin);
    }

    /** Resolves the settings; every bad value is added to {@code problems} (then the result is null). */
    public NodeSettings resolve(List<Problem> problems) {
        int before = problems.size();
        String clusterName = text("cluster.name", problems, false);
        int port = integer("port", 1, 65535, problems);
        int apiPort = integer("api.port", 0, 65535, problems);
        int quorum = quorum(problems);
        Duration round = duration("round.interval", problems);
        Duration lease = get("lease").isEmpty() ? (round == null ? null : round.multipliedBy(3))
                : duration("lease", problems);
        if (round != null && lease != null && !round.isZero() && !round.isNegative() && lease.compareTo(round) <= 0) {
            problems.add(problem("lease", "must be longer than round.interval (" + get("round.interval") + ")"));
        }
        double cap = number("capacity.rps", 0, 1e9, problems);
        double maxRps = number("max.rps", 1, 1e9, problems);
        String nodeId = get("node.id");
        if (!nodeId.isEmpty() && NodeIdentity.problem(nodeId) != null) {
            problems.add(problem("node.id", NodeIdentity.problem(nodeId)));
        }
        String secret = get("cluster.secret");
        if (!secret.isEmpty() && secret.length() < MemberTrust.MIN_SECRET_LENGTH) {
            problems.add(problem("cluster.secret", "must be at least " + MemberTrust.MIN_SECRET_LENGTH
                    + " characters (it has " + secret.length() + ")"));
        }
        if (problems.size() > before) {
            return null;
        }
        return new NodeSettings(clusterName, get("node.name"), get("bind"), port, list("members"),
                get("discovery.dns"), quorum, round, lease, cap, apiPort, get("api.token"), list("targets.allow"),
                maxRps, Path.of(get("reports.dir").isEmpty() ? "reports" : get("reports.dir")), nodeId,
                get("public.address"), get("cluster.secret"));
    }

    /** {@code api.auth} and {@code api.redact.headers}; every bad value is added to {@code problems}. */
    public ApiAccess apiAccess(List<Problem> problems) {
        ApiAccess.Auth auth = ApiAccess.Auth.parse(get("api.auth"));
        if (auth == null) {
            problems.add(problem("api.auth", "must be 'changes' (only changes need api.token) or 'all' (reads too), got '"
                    + get("api.auth") + "'"));
        }
        List<String> names = list("api.redact.headers");
        for (String n : names) {
            if (Redaction.problem(n) != null) {
                problems.add(problem("api.redact.headers", Redaction.problem(n)));
            }
        }
        return new ApiAccess(auth, Redaction.with(names));
    }

    /** The value a key resolved to ("" when unset): e.g. whether node.id was given at all. */
    public String value(String key) {
        return get(key);
    }

    private String get(String key) {
        return values.getOrDefault(key, "");
    }

    /** A problem with a key's value, named with where the value came from: {@code api.port (SIEGEGRID_API_PORT)}. */
    public Problem problem(String key, String message) {
        String origin = origins.get(key);
        return new Problem(origin == null || origin.equals("defaults") ? key : key + " (" + origin + ")", message);
    }

    private String text(String key, List<Problem> problems, boolean emptyOk) {
        String v = get(key);
        if (v.isEmpty() && !emptyOk) {
            problems.add(problem(key, "must not be empty"));
        }
        return v;
    }

    private List<String> list(String key) {
        String v = get(key);
        if (v.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private int integer(String key, int min, int max, List<Problem> problems) {
        try {
            int n = Integer.parseInt(get(key));
            if (n < min || n > max) {
                problems.add(problem(key, "must be between " + min + " and " + max + ", got " + n));
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(problem(key, "must be a whole number, got '" + get(key) + "'"));
            return 0;
        }
    }

    private double number(String key, double min, double max, List<Problem> problems) {
        try {
            double n = Double.parseDouble(get(key));
            if (!(n >= min && n <= max)) {
                problems.add(problem(key, "must be between " + fmt(min) + " and " + fmt(max) + ", got " + get(key)));
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(problem(key, "must be a number, got '" + get(key) + "'"));
            return 0;
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private int quorum(List<Problem> problems) {
        String v = get("quorum");
        if (v.equalsIgnoreCase("majority")) {
            return NodeSettings.MAJORITY;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                problems.add(problem("quorum", "must be 'majority' or a whole number >= 1, got " + n));
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(problem("quorum", "must be 'majority' or a whole number >= 1, got '" + v + "'"));
            return 0;
        }
    }

    private Duration duration(String key, List<Problem> problems) {
        try {
            Duration d = Durations.parse(get(key));
            if (d.isZero() || d.isNegative()) {
                problems.add(problem(key, "must be positive, got " + get(key)));
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(problem(key, e.getMessage()));
            return null;
        }
    }
}
