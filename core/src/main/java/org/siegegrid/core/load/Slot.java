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
        Connection c = conn;
        if (c != null && c.reusable() && c.origin().equals(r.origin())) {
            c.send(r);
            return;
        }
        if (c != null) {
            conn = null;
            c.close();
        }
        pending = r;
        conn = slice.loop.connect(r, slice.timeoutNanos, this);
    }

    /** The request in flight ran out of time: its connection is dropped. */
    void timeout() {
        if (!inFlight) {
            return;
        }
        inFlight = false;
        pending = null;
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
        pending = null;
        if (r != null && inFlight) {
            c.send(r);
        }
    }

    @Override
    public void response(Connection c, int status, long bodyBytes) {
        if (c != conn || !inFlight) {
            return;
        }
        inFlight = false;
        slice.completed(this, status, bodyBytes);
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
            slice.failed(this, ErrorKind.RESET);
        }
    }
}
