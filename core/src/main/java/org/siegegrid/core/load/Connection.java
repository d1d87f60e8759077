package org.siegegrid.core.load;

/** One keep-alive HTTP/1.1 connection, used only on its loop, one request at a time. */
public interface Connection {
    String origin();

    /** Connected, and not closing (a response with "Connection: close" makes this false at once). */
    boolean reusable();

    /** Sends on a connected, idle connection; the outcome arrives as {@code response} or {@code failed}. */
    void send(PreparedRequest request);

    void close();

    /** Sends with {@code Cookie: cookie} added (replacing the request's own); null = as encoded. */
    default void send(PreparedRequest request, String cookie) {
        send(request);
    }

    /** Keep the Location of redirects and/or the Set-Cookie values of the responses from now on. */
    default void capture(boolean redirects, boolean cookies) {
    }

    /** The last response's Location when it was a 3xx and redirects are captured; else null. */
    default String location() {
        return null;
    }

    /** The last response's Set-Cookie values when cookies are captured (empty when none); else null. */
    default java.util.List<String> setCookies() {
        return null;
    }
}
