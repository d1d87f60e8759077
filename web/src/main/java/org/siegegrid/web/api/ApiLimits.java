package org.siegegrid.web.api;

import java.time.Duration;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import org.xnio.Options;

/**
 * What one API server grants its clients, so a hostile one cannot take it from the others. The
 * defaults ({@link #DEFAULT}) are what {@code serve} runs with; tests pass smaller ones.
 *
 * @param maxBody           largest request body (413 above, answered from the Content-Length at once)
 * @param bodiesInFlight    bytes of request bodies being received at once, counted by their
 *                          Content-Length (a chunked body counts as {@code maxBody}); past it 503
 * @param bodyTimeout       a body must have arrived in full this long after its headers, or 408
 *                          and the connection closes (a body sent one byte a second is cut off)
 * @param readTimeout       while the server waits to read, for a request or its body, no byte for
 *                          this long closes the connection (XNIO {@code READ_TIMEOUT}); so an idle
 *                          connection, fresh or kept alive, lasts this long at most
 * @param parseTimeout      request line and headers must be in this long after their first byte
 *                          (Undertow {@code REQUEST_PARSE_TIMEOUT})
 * @param noRequestTimeout  a connection with no request in progress, a fresh one included, is
 *                          closed after this long (Undertow {@code NO_REQUEST_TIMEOUT})
 * @param idleTimeout       no byte read or written for this long closes the connection, whatever
 *                          it is doing (Undertow {@code IDLE_TIMEOUT}); above the longest call
 * @param maxConnections    open connections; at this many the server stops accepting until they
 *                          drop below 90 % (XNIO {@code CONNECTION_HIGH_WATER}/{@code LOW_WATER});
 *                          the rest wait in the kernel's backlog
 */
record ApiLimits(long maxBody, long bodiesInFlight, Duration bodyTimeout, Duration readTimeout, Duration parseTimeout,
                 Duration noRequestTimeout, Duration idleTimeout, int maxConnections) {

    static final ApiLimits DEFAULT = new ApiLimits(1L << 20, 16L << 20, Duration.ofSeconds(20), Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(120), 1_000);

    ApiLimits {
        if (maxBody <= 0 || bodiesInFlight < maxBody || maxConnections < 1) {
            throw new IllegalArgumentException("limits out of range: " + maxBody + ", " + bodiesInFlight + ", " + maxConnections);
        }
    }

    /** Sets the timeouts and the connection bound on the server's listener. */
    Undertow.Builder applyTo(Undertow.Builder b) {
        return b.setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(parseTimeout))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(noRequestTimeout))
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, millis(idleTimeout))
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, maxBody)
                .setSocketOption(Options.READ_TIMEOUT, millis(readTimeout))
                .setSocketOption(Options.CONNECTION_HIGH_WATER, maxConnections)
                .setSocketOption(Options.CONNECTION_LOW_WATER, Math.max(1, maxConnections * 9 / 10));
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
