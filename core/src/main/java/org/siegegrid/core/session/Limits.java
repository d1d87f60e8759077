package org.siegegrid.core.session;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a deployment allows a session to ask for. {@link #DEFAULT} has the cluster rate cap of
 * docs/spec.md (10,000,000 rps) and allows every target host.
 *
 * <p>Host patterns in {@code allowHosts} (empty = any host): {@code *} (any), an exact host name or IP
 * literal ({@code api.example.com}, {@code 127.0.0.1}, {@code ::1}), a suffix wildcard
 * ({@code *.example.com} matches {@code a.example.com} and {@code a.b.example.com}, not
 * {@code example.com}), or an IPv4 CIDR ({@code 127.0.0.0/8}, matched against IP literals only: no
 * DNS lookup happens during validation, so {@code localhost} must be listed by name).
 *
 * @param maxRps         highest rate a session may ask for, cluster-wide (rps and every stage)
 * @param maxUsers       highest number of virtual users (siege's own default limit is 255)
 * @param maxConcurrency highest number of requests in flight, cluster-wide
 * @param maxDuration    longest run
 * @param maxTimeout     longest per-request timeout (histograms record up to one hour)
 * @param allowHosts     target host patterns; empty allows every host
 */
public record Limits(double maxRps, int maxUsers, int maxConcurrency, Duration maxDuration,
                     Duration maxTimeout, List<String> allowHosts) {

    public static final double DEFAULT_MAX_RPS = 10_000_000;
    public static final int DEFAULT_MAX_USERS = 100_000;
    public static final int DEFAULT_MAX_CONCURRENCY = 1_000_000;
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofDays(30);
    public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofHours(1);

    public static final Limits DEFAULT = new Limits(DEFAULT_MAX_RPS, DEFAULT_MAX_USERS, DEFAULT_MAX_CONCURRENCY,
            DEFAULT_MAX_DURATION, DEFAULT_MAX_TIMEOUT, List.of());

    public Limits {
        if (!(maxRps > 0) || Double.isInfinite(maxRps)) {
            throw new IllegalArgumentException("maxRps must be finite and > 0: " + maxRps);
        }
        if (maxUsers <= 0 || maxConcurrency <= 0) {
            throw new IllegalArgumentException("maxUsers and maxConcurrency must be > 0");
        }
        if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero()
                || maxTimeout == null || maxTimeout.isNegative() || maxTimeout.isZero()) {
            throw new IllegalArgumentException("maxDuration and maxTimeout must be > 0");
        }
        allowHosts = allowHosts == null ? List.of() : List.copyOf(allowHosts);
        for (String p : allowHosts) {
            String bad = patternProblem(p);
            if (bad != null) {
                throw new IllegalArgumentException(bad);
            }
        }
    }

    public Limits withMaxRps(double rps) {
        return new Limits(rps, maxUsers, maxConcurrency, maxDuration, maxTimeout, allowHosts);
    }

    public Limits withAllowHosts(List<String> patterns) {
        return new Limits(maxRps, maxUsers, maxConcurrency, maxDuration, maxTimeout, patterns);
    }

    /**
     * Parses a comma- or whitespace-separated allow-list (the {@code SIEGEGRID_TARGETS_ALLOW} form).
     *
     * @throws IllegalArgumentException naming the first bad pattern
     */
    public static List<String> parseAllowList(String csv) {
        List<String> out = new ArrayList<>();
        if (csv == null) {
            return out;
        }
        for (String p : csv.split("[,\\s]+")) {
            if (!p.isEmpty()) {
                String bad = patternProblem(p);
                if (bad != null) {
                    throw new IllegalArgumentException(bad);
                }
                out.add(p);
            }
        }
        return out;
    }

    /** Whether the host of this absolute URL is allowed. Unparseable URLs are not. */
    public boolean allowTarget(String url) {
        try {
            String host = URI.create(url).getHost();
            return host != null && allowsHost(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether this host (name or IP literal, IPv6 with or without brackets) is allowed. */
    public boolean allowsHost(String host) {
        if (allowHosts.isEmpty()) {
            return true;
        }
        String h = normalize(host);
        for (String p : allowHosts) {
            if (matches(p.toLowerCase(Locale.ROOT), h)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String host) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            return host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
        }
        if (pattern.indexOf('/') > 0) {
            return inCidr(pattern, host);
        }
        return normalize(pattern).equals(host);
    }

    private static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static boolean inCidr(String cidr, String host) {
        long[] net = ipv4(cidr.substring(0, cidr.indexOf('/')));
        long[] ip = ipv4(host);
        if (net == null || ip == null) {
            return false;
        }
        int bits = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (net[0] & mask) == (ip[0] & mask);
    }

    /** An IPv4 dotted quad as {value}, or null. */
    private static long[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                return null;
            }
            v = (v << 8) | octet;
        }
        return new long[] {v};
    }

    /** Why a host pattern is malformed, or null if it is fine. */
    public static String patternProblem(String p) {
        if (p == null || p.isBlank()) {
            return "empty host pattern";
        }
        if (p.equals("*")) {
            return null;
        }
        int slash = p.indexOf('/');
        if (slash >= 0) {
            String bits = p.substring(slash + 1);
            if (ipv4(p.substring(0, slash)) == null || bits.isEmpty() || bits.length() > 2
                    || !bits.chars().allMatch(Character::isDigit) || Integer.parseInt(bits) > 32) {
                return "bad host pattern \"" + p + "\": a CIDR must be IPv4, like 127.0.0.0/8";
            }
            return null;
        }
        String rest = p.startsWith("*.") ? p.substring(2) : p;
        if (rest.isEmpty() || rest.contains("*") || rest.contains(" ") || rest.contains(":") && !rest.matches("[0-9a-fA-F:.\\[\\]]+")) {
            return "bad host pattern \"" + p + "\": use *, a host, *.domain or an IPv4 CIDR";
        }
        return null;
    }
}
