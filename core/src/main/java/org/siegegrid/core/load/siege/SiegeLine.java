package org.siegegrid.core.load.siege;

import org.siegegrid.core.report.ErrorKind;

/** One line of siege's output, as {@link SiegeOutput} reads it. */
public sealed interface SiegeLine {

    /**
     * A response ({@code -v}): {@code HTTP/1.1 200     0.01 secs:     100 bytes ==> GET  /path}.
     *
     * @param micros siege's response time (it prints hundredths of a second), in microseconds
     */
    record Response(int status, long micros, long bytes, String method, String url) implements SiegeLine {
    }

    /** A request that got no response: {@code [error] socket: unable to connect ...: Connection refused}. */
    record Failure(ErrorKind kind, String message) implements SiegeLine {
    }

    /** A line of the end-of-run summary that we check against the lines: {@code Transactions: 6 hits}. */
    record Summary(String field, double value) implements SiegeLine {
    }

    /** Anything else (the banner, a blank line, a note siege prints for no request). */
    record Other(String text) implements SiegeLine {
    }
}
