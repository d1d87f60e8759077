package org.siegegrid.core.load;

/** A target encoded once by a {@link HttpTransport}. Connections are per origin (scheme, host, port). */
public interface PreparedRequest {
    /** "scheme://host:port": requests of one origin share connections. */
    String origin();

    /** What was encoded. */
    org.siegegrid.core.session.Target target();
}
