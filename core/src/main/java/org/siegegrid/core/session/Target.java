package org.siegegrid.core.session;

import java.util.Map;
import java.util.Objects;

/** One request template: where to send it and what to send. {@code body} may be null. */
public record Target(String url, String method, Map<String, String> headers, String body) {
    public Target {
        Objects.requireNonNull(url, "url");
        method = method == null ? "GET" : method;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static Target get(String url) {
        return new Target(url, "GET", Map.of(), null);
    }
}
