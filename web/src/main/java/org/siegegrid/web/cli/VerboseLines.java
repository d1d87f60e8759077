package org.siegegrid.web.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

import org.siegegrid.core.load.RequestLog;
import org.siegegrid.core.report.ErrorKind;
import org.siegegrid.core.session.Target;

/**
 * {@code run -v}: one line per request, as siege 4.0.7 prints them
 * ({@code HTTP/1.1 200     0.01 secs:     100 bytes ==> GET  /path}); a request without a response
 * is {@code [error] refused ==> GET  /path}. Called from the engine's I/O threads; lines are
 * buffered and {@link #flush() flushed} once a second and at the end.
 */
final class VerboseLines implements RequestLog {
    private final PrintWriter out;
    private final Map<Target, String> shown = new IdentityHashMap<>();

    VerboseLines(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void completed(Target target, int status, long bodyBytes, long serviceNanos) {
        out.print(String.format(Locale.ROOT, "HTTP/1.1 %d    %5.2f secs: %7d bytes ==> %-4s %s%n",
                status, serviceNanos / 1e9, bodyBytes, target.method(), shown(target)));
    }

    @Override
    public synchronized void failed(Target target, ErrorKind kind) {
        out.print(String.format(Locale.ROOT, "[error] %s ==> %-4s %s%n", describe(kind), target.method(), shown(target)));
    }

    synchronized void flush() {
        out.flush();
    }

    /** What siege shows of a URL: its path and query. */
    private String shown(Target target) {
        return shown.computeIfAbsent(target, t -> {
            URI u = URI.create(t.url());
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            return u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
        });
    }

    static String describe(ErrorKind kind) {
        return switch (kind) {
            case REFUSED -> "connection refused";
            case RESET -> "connection reset";
            case TIMEOUT -> "timed out";
            case TLS -> "TLS handshake failed";
            case DNS -> "unknown host";
            default -> kind.key();
        };
    }
}
