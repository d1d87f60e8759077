package org.siegegrid.core.load;

/** One keep-alive HTTP/1.1 connection, used only on its loop, one request at a time. */
public interface Connection {
    String origin();

    /** Connected, and not closing (a response with "Connection: close" makes this false at once). */
    boolean reusable();

    /** Sends on a connected, idle connection; the outcome arrives as {@code response} or {@code failed}. */
    void send(PreparedRequest request);

    void close();
}
