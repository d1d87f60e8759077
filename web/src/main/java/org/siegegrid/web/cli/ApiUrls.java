package org.siegegrid.web.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The node URLs of {@code --api}: each value may hold several, comma-separated, and the option may
 * be repeated ({@code --api http://a:8080,http://b:8080 --api c:8080}). A missing scheme means
 * http, trailing slashes go; the same node given twice counts once. Bad input is a UsageError
 * naming the value.
 */
final class ApiUrls {
    private ApiUrls() {
    }

    /** The base URIs, in the order given; UsageError when there is none or one is not an http(s) base URL. */
    static List<URI> parse(List<String> values) {
        Set<URI> out = new LinkedHashSet<>();
        for (String value : values == null ? List.<String>of() : values) {
            String v = value == null ? "" : value;
            for (String part : v.split(",", -1)) {
                if (part.isBlank()) {
                    throw new UsageError("--api: an empty URL in '" + v + "' (give URL[,URL...])");
                }
                out.add(base(part));
            }
        }
        if (out.isEmpty()) {
            throw new UsageError("--api: no URL given");
        }
        return List.copyOf(out);
    }

    /** One base URL ({@code http://host:port}, a missing scheme means http); UsageError if it is not one. */
    static URI base(String url) {
        String u = url == null ? "" : url.strip();
        if (!u.contains("://")) {
            u = "http://" + u;
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw new UsageError("--api: not an http(s) base URL: '" + url + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageError("--api: not an http(s) base URL: '" + url + "'");
        }
    }
}
