package org.siegegrid.core.load;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One virtual user's cookies (RFC 6265, the parts a load test meets): a Set-Cookie is kept for its
 * host (or its Domain and the hosts under it) and Path, and sent back as one Cookie header on that
 * user's later requests that match; {@code Max-Age <= 0} or an {@code Expires} in the past deletes it
 * (siege 4.0.7 keeps such a cookie with an empty value and sends {@code name=}); {@code Secure}
 * ones go only over https. Pure: the caller passes the wall-clock time. Not thread-safe: one per user.
 */
final class CookieJar {
    /** At most this many cookies per user (RFC 6265 asks for at least 3,000 in all; a user needs far fewer). */
    static final int MAX_COOKIES = 300;

    private record Cookie(String name, String value, String domain, boolean hostOnly, String path, boolean secure,
                          long expiresAt) {
    }

    private final List<Cookie> cookies = new ArrayList<>(4);

    boolean isEmpty() {
        return cookies.isEmpty();
    }

    int size() {
        return cookies.size();
    }

    /** Takes the Set-Cookie values of a response to {@code host}{@code requestPath}. */
    void store(String host, String requestPath, List<String> setCookies, long nowMillis) {
        for (String sc : setCookies) {
            store(host, requestPath, sc, nowMillis);
        }
    }

    void store(String host, String requestPath, String setCookie, long nowMillis) {
        if (host == null) {
            return;
        }
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return; // no name: ignored (RFC 6265 5.2)
        }
        String name = parts[0].substring(0, eq).strip();
        String value = parts[0].substring(eq + 1).strip();
        String h = host.toLowerCase(Locale.ROOT);
        String domain = h;
        boolean hostOnly = true;
        String path = null;
        boolean secure = false;
        long expires = Long.MAX_VALUE;
        boolean maxAgeSeen = false;
        for (int i = 1; i < parts.length; i++) {
            String a = parts[i].strip();
            int e = a.indexOf('=');
            String key = (e < 0 ? a : a.substring(0, e)).strip().toLowerCase(Locale.ROOT);
            String v = e < 0 ? "" : a.substring(e + 1).strip();
            switch (key) {
                case "max-age" -> {
                    try {
                        long secs = Long.parseLong(v);
                        expires = secs <= 0 ? Long.MIN_VALUE : nowMillis + Math.min(secs, Long.MAX_VALUE / 2000) * 1000;
                        maxAgeSeen = true;
                    } catch (NumberFormatException ignored) {
                        // an unreadable Max-Age is ignored
                    }
                }
                case "expires" -> {
                    if (!maxAgeSeen) {
                        Long at = httpDate(v);
                        if (at != null) {
                            expires = at;
                        }
                    }
                }
                case "domain" -> {
                    String d = v.startsWith(".") ? v.substring(1) : v;
                    d = d.toLowerCase(Locale.ROOT);
                    if (!d.isEmpty()) {
                        if (!domainMatch(h, d)) {
                            return; // a cookie for another domain: rejected
                        }
                        domain = d;
                        hostOnly = false;
                    }
                }
                case "path" -> path = v.startsWith("/") ? v : null;
                case "secure" -> secure = true;
                default -> {
                    // HttpOnly, SameSite, ...: nothing to do for a load generator
                }
            }
        }
        if (path == null) {
            path = defaultPath(requestPath);
        }
        remove(name, domain, path);
        if (expires <= nowMillis) {
            return; // expired: deleted
        }
        if (cookies.size() >= MAX_COOKIES) {
            cookies.remove(0);
        }
        cookies.add(new Cookie(name, value, domain, hostOnly, path, secure, expires));
    }

    /** The Cookie header value for a request, or null when no cookie matches. */
    String header(String host, String requestPath, boolean secureChannel, long nowMillis) {
        if (cookies.isEmpty() || host == null) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        StringBuilder sb = null;
        for (int i = cookies.size() - 1; i >= 0; i--) {
            Cookie c = cookies.get(i);
            if (c.expiresAt <= nowMillis) {
                cookies.remove(i);
            }
        }
        for (Cookie c : cookies) {
            boolean hostOk = c.hostOnly ? h.equals(c.domain) : domainMatch(h, c.domain);
            if (hostOk && pathMatch(requestPath, c.path) && (!c.secure || secureChannel)) {
                if (sb == null) {
                    sb = new StringBuilder(64);
                } else {
                    sb.append("; ");
                }
                sb.append(c.name).append('=').append(c.value);
            }
        }
        return sb == null ? null : sb.toString();
    }

    private void remove(String name, String domain, String path) {
        cookies.removeIf(c -> c.name.equals(name) && c.domain.equals(domain) && c.path.equals(path));
    }

    static boolean domainMatch(String host, String domain) {
        return host.equals(domain) || (host.endsWith("." + domain) && !Character.isDigit(host.charAt(host.length() - 1)));
    }

    static boolean pathMatch(String requestPath, String cookiePath) {
        String p = pathOnly(requestPath);
        if (p.equals(cookiePath)) {
            return true;
        }
        return p.startsWith(cookiePath) && (cookiePath.endsWith("/") || p.charAt(cookiePath.length()) == '/');
    }

    /** RFC 6265 5.1.4: the request path up to its last slash. */
    static String defaultPath(String requestPath) {
        String p = pathOnly(requestPath);
        int slash = p.lastIndexOf('/');
        return slash <= 0 ? "/" : p.substring(0, slash);
    }

    private static String pathOnly(String requestPath) {
        if (requestPath == null || requestPath.isEmpty() || requestPath.charAt(0) != '/') {
            return "/";
        }
        int q = requestPath.indexOf('?');
        return q < 0 ? requestPath : requestPath.substring(0, q);
    }

    private static Long httpDate(String v) {
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                // the old Netscape form: Wdy, DD-Mon-YYYY HH:MM:SS GMT
                return ZonedDateTime.parse(v.replace('-', ' '), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()
                        .toEpochMilli();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
