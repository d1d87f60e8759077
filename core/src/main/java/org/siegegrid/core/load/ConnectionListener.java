package org.siegegrid.core.load;

import org.siegegrid.core.report.ErrorKind;

/** What a connection reports, always on its loop. Each sent request ends in exactly one response or failure. */
public interface ConnectionListener {
    void connected(Connection c);

    /** A complete HTTP response; {@code bodyBytes} counts the body as received (chunk framing excluded). */
    void response(Connection c, int status, long bodyBytes);

    /** The connect, or the request in flight, failed; the connection is closing. Never inside a call into {@code c}. */
    void failed(Connection c, ErrorKind kind);

    /** The connection is gone (after a failure, a server close, or {@link Connection#close()}). */
    void closed(Connection c);
}
