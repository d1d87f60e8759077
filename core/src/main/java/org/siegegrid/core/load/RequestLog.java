package org.siegegrid.core.load;

import org.siegegrid.core.report.ErrorKind;
import org.siegegrid.core.session.Target;

/**
 * Sees every request's outcome (siege's {@code -v}). Called on the engine's I/O threads, several
 * at once: it must be thread-safe, quick and never block for long. A runner without one pays a
 * null check per request.
 */
public interface RequestLog {
    /** A response arrived: its status, body bytes and service time (from the actual send). */
    void completed(Target target, int status, long bodyBytes, long serviceNanos);

    /** No response: the socket-level reason. */
    void failed(Target target, ErrorKind kind);
}
