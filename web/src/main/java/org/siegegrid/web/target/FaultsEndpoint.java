package org.siegegrid.web.target;

import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.Set;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;

/**
 * {@code /__faults}: the sink's faults changed while it runs, so a test can script them against its own
 * clock. {@code GET} shows them; {@code PUT ?error-rate=F&reset-rate=F&garbage-rate=F&hang-rate=F&stall=3s}
 * replaces the fault mix (a rate not given is 0) and, with {@code stall}, answers nothing for that long from
 * now; {@code DELETE} goes back to the flags the sink started with. Each answers the faults now in force.
 */
final class FaultsEndpoint {
    static final String PATH = "/__faults";
    private static final Set<String> PARAMETERS = Set.of("error-rate", "reset-rate", "garbage-rate", "hang-rate",
            "stall");

    private final LiveFaults faults;

    FaultsEndpoint(LiveFaults faults) {
        this.faults = faults;
    }

    void handle(HttpServerExchange ex) {
        if (Methods.PUT.equals(ex.getRequestMethod())) {
            try {
                put(ex.getQueryParameters());
            } catch (IllegalArgumentException e) {
                ex.setStatusCode(StatusCodes.BAD_REQUEST);
                ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                ex.getResponseSender().send(PATH + ": " + e.getMessage() + "\n");
                return;
            }
        } else if (Methods.DELETE.equals(ex.getRequestMethod())) {
            faults.reset();
        } else if (!Methods.GET.equals(ex.getRequestMethod())) {
            ex.setStatusCode(StatusCodes.METHOD_NOT_ALLOWED);
            ex.getResponseHeaders().put(Headers.ALLOW, "GET, PUT, DELETE");
            ex.endExchange();
            return;
        }
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        ex.getResponseSender().send(faults.toJson() + "\n");
    }

    /** Validates every parameter before changing anything. */
    private void put(Map<String, Deque<String>> query) {
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "' (known: error-rate, reset-rate,"
                        + " garbage-rate, hang-rate, stall)");
            }
        }
        FaultMix mix = new FaultMix(rate(query, "error-rate"), rate(query, "reset-rate"), rate(query, "garbage-rate"),
                rate(query, "hang-rate"));
        Duration stall = query.containsKey("stall") ? SinkDurations.parse(query.get("stall").getFirst()) : null;
        faults.set(mix);
        if (stall != null) {
            faults.stallFor(stall);
        }
    }

    private static double rate(Map<String, Deque<String>> query, String name) {
        Deque<String> v = query.get(name);
        if (v == null) {
            return 0;
        }
        try {
            return Double.parseDouble(v.getFirst().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": not a number: '" + v.getFirst() + "'");
        }
    }
}
