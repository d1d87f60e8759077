package org.siegegrid.core.load;

/** A target encoded once by a {@link HttpTransport}. Connections are per origin (scheme, host, port). */
public interface PreparedRequest {
    /** "scheme://host:port": requests of one origin share connections. */
    String origin();

    /** What was encoded. */
    org.siegegrid.core.session.Target target();

    /** The host name (cookie scope); null when unknown. */
    default String host() {
        return null;
    }

    /** The request path with its query (cookie scope). */
    default String path() {
        return "/";
    }

    /** Sent over TLS (Secure cookies go only there). */
    default boolean secure() {
        return false;
    }
}
