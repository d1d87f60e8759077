package org.siegegrid.core.session;

import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One request template: where to send it and what to send. {@code body} may be null. Its
 * {@link #toString} names the headers but never prints their values or the body, so a log line
 * or an exception message that prints a spec cannot leak a credential.
 */
public record Target(String url, String method, Map<String, String> headers, String body) {
    public Target {
        Objects.requireNonNull(url, "url");
        method = method == null ? "GET" : method;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "Target[url=" + url + ", method=" + method + ", headers=" + new TreeSet<>(headers.keySet())
                + ", body=" + (body == null ? "none" : body.length() + " chars") + "]";
    }

    public static Target get(String url) {
        return new Target(url, "GET", Map.of(), null);
    }
}
