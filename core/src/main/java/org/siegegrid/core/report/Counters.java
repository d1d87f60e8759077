package org.siegegrid.core.report;

import java.util.EnumMap;
import java.util.Map;

/**
 * Request counters of one interval or one whole run, in siege's terms.
 *
 * @param issued    requests whose send began
 * @param responses HTTP responses received, whatever their status (siege's "transactions" exclude 5xx)
 * @param successes responses with status below 400 (siege's "successful transactions")
 * @param dropped   requests due by the schedule but skipped because the runner was too far behind
 * @param bytes     response body bytes received (siege's "data transferred")
 * @param errors    failures by kind: socket-level kinds and HTTP 4xx/5xx responses
 */
public record Counters(long issued, long responses, long successes, long dropped, long bytes,
                       Map<ErrorKind, Long> errors) {

    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, Map.of());

    public Counters {
        EnumMap<ErrorKind, Long> copy = new EnumMap<>(ErrorKind.class);
        if (errors != null) {
            errors.forEach((k, v) -> {
                if (v != null && v != 0) {
                    copy.put(k, v);
                }
            });
        }
        errors = Map.copyOf(copy);
    }

    public long error(ErrorKind kind) {
        return errors.getOrDefault(kind, 0L);
    }

    /** Requests that got no HTTP response: refused, reset, timed out, TLS, DNS, other. */
    public long socketFailures() {
        long n = 0;
        for (Map.Entry<ErrorKind, Long> e : errors.entrySet()) {
            if (e.getKey().socketLevel()) {
                n += e.getValue();
            }
        }
        return n;
    }

    /**
     * Every failed request: responses with status >= 400 plus socket failures. Note that siege's own
     * "failed transactions" is narrower (socket failures and 5xx only; a 4xx is a transaction):
     * see {@link ReportBuilder}.
     */
    public long failures() {
        return (responses - successes) + socketFailures();
    }

    /** Requests that completed one way or the other. */
    public long completed() {
        return responses + socketFailures();
    }

    /**
     * Requests sent that neither got a response nor failed: in flight while the run goes on, and at its
     * end the ones that never finished (cut off by a stop, or a node that left before they came back).
     */
    public long unfinished() {
        return Math.max(0, issued - completed());
    }

    public Counters plus(Counters o) {
        EnumMap<ErrorKind, Long> sum = new EnumMap<>(ErrorKind.class);
        sum.putAll(errors);
        o.errors.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return new Counters(issued + o.issued, responses + o.responses, successes + o.successes,
                dropped + o.dropped, bytes + o.bytes, sum);
    }
}
