package org.siegegrid.core.load;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.siegegrid.core.session.Target;

/**
 * What a redirect leads to, as siege 4.0.7 does it (measured against the real binary): 301, 302
 * and 303 after a POST become a GET without the body (303 always), 307 and 308 repeat the method
 * and body; a relative Location resolves against the request's URL. siege 4.0.7 does not follow
 * 308 at all; we do (the status means "307, permanently"). Pure.
 */
final class Redirects {
    private Redirects() {
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The absolute http(s) URL a Location points to from {@code base}, or null when it is none. */
    static String resolve(String base, String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        try {
            URI u = new URI(base).resolve(new URI(location.strip().replace(" ", "%20")));
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
                return null;
            }
            // the fragment stays with the client
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            return scheme + "://" + u.getRawAuthority() + path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The request a {@code status} redirect from {@code from} to {@code url} makes. */
    static Target follow(Target from, int status, String url) {
        String method = from.method().toUpperCase(Locale.ROOT);
        boolean keep = switch (status) {
            case 303 -> method.equals("HEAD");
            case 301, 302 -> !method.equals("POST");
            default -> true;
        };
        Map<String, String> headers = new LinkedHashMap<>(from.headers());
        String body = from.body();
        if (!keep) {
            method = "GET";
            body = null;
            headers.keySet().removeIf(k -> k.equalsIgnoreCase("content-type"));
        }
        if (!sameHost(from.url(), url)) {
            // like curl and browsers: credentials of one host are not handed to another
            headers.keySet().removeIf(k -> k.equalsIgnoreCase("authorization") || k.equalsIgnoreCase("cookie"));
        }
        return new Target(url, method, headers, body);
    }

    private static boolean sameHost(String a, String b) {
        try {
            URI x = new URI(a);
            URI y = new URI(b);
            return x.getHost() != null && x.getHost().equalsIgnoreCase(y.getHost()) && x.getPort() == y.getPort()
                    && String.valueOf(x.getScheme()).equalsIgnoreCase(y.getScheme());
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
