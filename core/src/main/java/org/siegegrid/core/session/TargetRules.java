package org.siegegrid.core.session;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Checks of request templates: absolute http(s) URLs with a host the limits allow, token methods, sane headers. */
final class TargetRules {
    private TargetRules() {
    }

    /**
     * @param listField where an empty list is reported ({@code targets}, or {@code urlsFile} when the
     *                  targets came from a URL file)
     */
    static void check(List<Target> targets, String listField, Limits limits, List<Problem> p) {
        if (targets.isEmpty()) {
            p.add(new Problem(listField, "at least one target is required"));
            return;
        }
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            String f = "targets[" + i + "]";
            if (t == null) {
                p.add(new Problem(f, "missing target"));
                continue;
            }
            url(t.url(), f + ".url", limits, p);
            if (!isToken(t.method())) {
                p.add(new Problem(f + ".method", "not a valid HTTP method: \"" + t.method() + "\""));
            }
            for (Map.Entry<String, String> h : t.headers().entrySet()) {
                if (!isToken(h.getKey())) {
                    p.add(new Problem(f + ".headers", "not a valid header name: \"" + h.getKey() + "\""));
                } else if (h.getValue() == null || h.getValue().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                    p.add(new Problem(f + ".headers." + h.getKey(), "value must be a single line"));
                }
            }
        }
    }

    static void url(String url, String field, Limits limits, List<Problem> p) {
        if (url == null || url.isBlank()) {
            p.add(new Problem(field, "required"));
            return;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            p.add(new Problem(field, "not a valid URL: " + e.getMessage()));
            return;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null) {
            p.add(new Problem(field, "must be absolute, like http://host:port/path: \"" + url + "\""));
        } else if (!scheme.equals("http") && !scheme.equals("https")) {
            p.add(new Problem(field, "scheme must be http or https: \"" + url + "\""));
        } else if (uri.getHost() == null || uri.getHost().isEmpty()) {
            p.add(new Problem(field, "no host (or a bad port) in \"" + url + "\""));
        } else if (uri.getPort() > 65535) {
            p.add(new Problem(field, "port " + uri.getPort() + " is above 65535"));
        } else if (!limits.allowsHost(uri.getHost())) {
            p.add(new Problem(field, "host " + uri.getHost() + " is not in the allowed targets"));
        }
    }

    /** RFC 9110 token: the syntax of methods and header names. */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
