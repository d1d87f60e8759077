package org.siegegrid.core.load;

import org.siegegrid.core.report.ErrorKind;

/**
 * One connection's worth of sending: at most one request in flight, reconnecting when the
 * connection is gone or the next request goes to another origin. Lives on its slice's loop.
 * In the closed model a slot is one virtual user.
 */
final class Slot implements ConnectionListener {
    private final Slice slice;
    TargetPicker picker;            // closed model: the user's own walk through the targets
    private Connection conn;
    private PreparedRequest pending; // waiting for the connection
    private String pendingCookie;
    /** Closed model with cookies on: this user's cookies; else null (nothing is looked at). */
    CookieJar jar;
    /** Redirects followed so far by the request in flight. */
    private int hops;
    PreparedRequest current;         // the request in flight (for the request log)
    boolean inFlight;
    boolean retired;
    boolean parked;                  // closed model: waiting for resume / more quota
    long intendedNanos;
    long startNanos;

    Slot(Slice slice, TargetPicker picker) {
        this.slice = slice;
        this.picker = picker;
    }

    boolean matches(PreparedRequest r) {
        return conn == null || conn.origin().equals(r.origin());
    }

    /** Starts a request; the caller has counted it issued. */
    void start(PreparedRequest r, long intended, long now) {
        inFlight = true;
        current = r;
        intendedNanos = intended;
        startNanos = now;
        CookieJar j = jar;
        String cookie = j == null || j.isEmpty() ? null : j.header(r.host(), r.path(), r.secure(), System.currentTimeMillis());
        Connection c = conn;
        if (c != null && c.reusable() && c.origin().equals(r.origin())) {
            c.send(r, cookie);
            return;
        }
        if (c != null) {
            conn = null;
            c.close();
        }
        pending = r;
        pendingCookie = cookie;
        Connection fresh = slice.loop.connect(r, slice.timeoutNanos, this);
        conn = fresh;
        if (fresh != null && (slice.follow || j != null)) {
            fresh.capture(slice.follow, j != null);
        }
    }

    /** The request in flight ran out of time: its connection is dropped. */
    void timeout() {
        if (!inFlight) {
            return;
        }
        inFlight = false;
        pending = null;
        hops = 0;
        closeConnection();
        slice.failed(this, ErrorKind.TIMEOUT);
    }

    void closeConnection() {
        Connection c = conn;
        conn = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void connected(Connection c) {
        if (c != conn) {
            return;
        }
        PreparedRequest r = pending;
        String cookie = pendingCookie;
        pending = null;
        pendingCookie = null;
        if (r != null && inFlight) {
            c.send(r, cookie);
        }
    }

    @Override
    public void response(Connection c, int status, long bodyBytes) {
        if (c != conn || !inFlight) {
            return;
        }
        if (jar != null) {
            java.util.List<String> set = c.setCookies();
            if (set != null && !set.isEmpty()) {
                jar.store(current.host(), current.path(), set, System.currentTimeMillis());
            }
        }
        if (slice.follow && Redirects.isRedirect(status) && hops < org.siegegrid.core.session.HttpOptions.MAX_REDIRECTS
                && follow(c.location(), status, bodyBytes)) {
            return;
        }
        hops = 0;
        inFlight = false;
        slice.completed(this, status, bodyBytes);
    }

    /** Counts this hop and sends the next one of the chain; false when there is none (or no more may start). */
    private boolean follow(String location, int status, long bodyBytes) {
        if (location == null) {
            return false;
        }
        PreparedRequest next = slice.redirect(current, status, location);
        if (next == null || !slice.hop(this, status, bodyBytes)) {
            return false;
        }
        hops++;
        long now = slice.ticker.nanoTime();
        start(next, now, now);
        return true;
    }

    @Override
    public void failed(Connection c, ErrorKind kind) {
        if (c != conn) {
            return;
        }
        conn = null;
        if (inFlight) {
            inFlight = false;
            pending = null;
            hops = 0;
            slice.failed(this, kind);
        }
    }

    @Override
    public void closed(Connection c) {
        if (c != conn) {
            return;
        }
        conn = null;
        if (inFlight) {
            inFlight = false;
            pending = null;
            hops = 0;
            slice.failed(this, ErrorKind.RESET);
        }
    }
}
