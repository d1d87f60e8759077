package org.siegegrid.core.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which request headers of a spec look like credentials, and the spec with their values replaced
 * by {@link #MARKER} (the names stay): what a reader who cannot prove holding the API token sees.
 * Always redacted: {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie},
 * {@code Set-Cookie} and any name ending in {@code -Token} or {@code -Key}; {@link #with} adds more
 * names (the setting {@code api.redact.headers}); it never takes one of these away. Names compare
 * case-insensitively. Pure: no setting is read here.
 */
public final class Redaction {
    /** What a redacted value reads as. */
    public static final String MARKER = "<redacted>";
    /** Redacted whatever the setting says (lower case). */
    public static final Set<String> NAMES = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");
    /** Name endings redacted whatever the setting says (lower case). */
    public static final List<String> SUFFIXES = List.of("-token", "-key");
    /** The defaults alone. */
    public static final Redaction DEFAULT = new Redaction(Set.of(), true);
    /** Shows every value: for the token holder. */
    public static final Redaction NONE = new Redaction(Set.of(), false);

    private final Set<String> extra;
    private final boolean on;

    private Redaction(Set<String> extra, boolean on) {
        this.extra = extra;
        this.on = on;
    }

    /** The defaults plus these names (blank ones ignored); call {@link #problem} on each first. */
    public static Redaction with(Collection<String> names) {
        Set<String> lower = new TreeSet<>();
        for (String n : names) {
            if (n != null && !n.isBlank()) {
                lower.add(n.strip().toLowerCase(Locale.ROOT));
            }
        }
        return lower.isEmpty() ? DEFAULT : new Redaction(Set.copyOf(lower), true);
    }

    /** Why a name cannot be in {@code api.redact.headers} (not an RFC 9110 token), or null. */
    public static String problem(String name) {
        return TargetRules.isToken(name) ? null : "not a valid header name: \"" + name + "\"";
    }

    /** The names added to the defaults, lower case, sorted. */
    public Set<String> extra() {
        return new TreeSet<>(extra);
    }

    /** Whether this header's value is hidden. */
    public boolean secret(String headerName) {
        if (!on || headerName == null) {
            return false;
        }
        String n = headerName.strip().toLowerCase(Locale.ROOT);
        if (NAMES.contains(n) || extra.contains(n)) {
            return true;
        }
        for (String s : SUFFIXES) {
            if (n.endsWith(s)) {
                return true;
            }
        }
        return false;
    }

    /** The headers with every secret value replaced by {@link #MARKER}; the same map when none is. */
    public Map<String, String> headers(Map<String, String> headers) {
        if (headers.keySet().stream().noneMatch(this::secret)) {
            return headers;
        }
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, secret(k) ? MARKER : v));
        return out;
    }

    /** The target with its secret headers hidden, and the password of a {@code user:pass@} URL. */
    public Target target(Target t) {
        Map<String, String> h = headers(t.headers());
        String url = on ? BasicAuth.redactUrl(t.url()) : t.url();
        return h == t.headers() && url.equals(t.url()) ? t : new Target(url, t.method(), h, t.body());
    }

    /** The spec as a reader without the token sees it; the same spec when nothing is secret. */
    public SessionSpec spec(SessionSpec s) {
        List<Target> targets = new ArrayList<>(s.targets().size());
        boolean changed = false;
        for (Target t : s.targets()) {
            Target r = target(t);
            changed |= r != t;
            targets.add(r);
        }
        if (!changed) {
            return s;
        }
        return new SessionSpec(s.name(), targets, s.urlsFile(), s.order(), s.rps(), s.stages(), s.users(), s.delay(),
                s.benchmark(), s.concurrency(), s.requests(), s.duration(), s.timeout(), s.engine(), s.thresholds(), s.warmup(), s.http(),
                s.abortOnFail(), s.abortGrace());
    }

    @Override
    public String toString() {
        return on ? "Redaction" + NAMES + " *" + SUFFIXES + " + " + extra() : "Redaction(none)";
    }
}
