package org.siegegrid.web.target;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import org.siegegrid.core.load.Ticker;
import org.xnio.IoUtils;
import org.xnio.Options;

/**
 * Answers every path and method. Never blocks the IO thread: a latency or a stall is a timer
 * on the connection's own XNIO IO thread ({@code executeAfter}, millisecond resolution), after
 * which the response (or the fault that replaces it) is written from that thread.
 */
final class SinkHandler implements HttpHandler {
    static final String STATS_PATH = "/__stats";
    private static final long HALF_MS = 500_000L;
    /** What a server that does not speak HTTP might say: an SSH banner. */
    private static final ByteBuffer GARBAGE = ByteBuffer.wrap(
            "SSH-2.0-SiegeGrid_target garbage, not an HTTP response\r\n".getBytes(StandardCharsets.US_ASCII))
            .asReadOnlyBuffer();
    private static final Runnable NOTHING = () -> {
    };

    private final TargetOptions options;
    private final SecondCounter counter;
    private final LiveFaults faults;
    private final FaultsEndpoint faultsEndpoint;
    private final Ticker ticker;
    private final long anchorNanos;
    private final ByteBuffer body;

    SinkHandler(TargetOptions options, SecondCounter counter, LiveFaults faults, Ticker ticker, long anchorNanos) {
        this.options = options;
        this.counter = counter;
        this.faults = faults;
        this.faultsEndpoint = new FaultsEndpoint(faults);
        this.ticker = ticker;
        this.anchorNanos = anchorNanos;
        ByteBuffer b = ByteBuffer.allocateDirect(options.bodySize());
        for (int i = 0; i < options.bodySize(); i++) {
            b.put(i, (byte) (i % 64 == 63 ? '\n' : 'a' + i % 26));
        }
        this.body = b.asReadOnlyBuffer();
    }

    @Override
    public void handleRequest(HttpServerExchange ex) {
        String path = ex.getRequestPath();
        if (STATS_PATH.equals(path)) {
            stats(ex);
            return;
        }
        if (FaultsEndpoint.PATH.equals(path)) {
            faultsEndpoint.handle(ex);
            return;
        }
        counter.record();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        FaultMix mix = faults.mix();
        FaultMix.Kind kind = mix.none() ? FaultMix.Kind.ANSWER : mix.pick(random.nextDouble());
        if (kind != FaultMix.Kind.ANSWER) {
            counter.recordFault(kind);
        }
        if (kind == FaultMix.Kind.HANG) {
            ex.dispatch(SameThreadExecutor.INSTANCE, NOTHING); // never answered: ends when the client closes
            return;
        }
        long delay = delayNanos(random);
        if (delay < HALF_MS) {
            act(ex, kind);
            return;
        }
        long millis = (delay + HALF_MS) / 1_000_000L;
        ex.dispatch(SameThreadExecutor.INSTANCE,
                () -> ex.getIoThread().executeAfter(() -> act(ex, kind), millis, TimeUnit.MILLISECONDS));
    }

    private long delayNanos(ThreadLocalRandom random) {
        long latency = options.latency().sampleNanos(random::nextDouble);
        long now = ticker.nanoTime();
        Stall stall = options.stall();
        if (stall != null) {
            long arrival = now - anchorNanos;
            latency = stall.answerAt(arrival, latency) - arrival;
        }
        return faults.holdNanos(now, latency);
    }

    private void act(HttpServerExchange ex, FaultMix.Kind kind) {
        switch (kind) {
            case ERROR -> respond(ex, true);
            case RESET -> reset(ex.getConnection());
            case GARBAGE -> garbage(ex.getConnection());
            default -> respond(ex, false);
        }
    }

    /** Closes the connection with an RST (SO_LINGER 0) instead of answering. */
    private static void reset(ServerConnection c) {
        try {
            c.setOption(Options.CLOSE_ABORT, true);
        } catch (IOException | IllegalArgumentException e) {
            // a plain close then: the client still sees its request end without an answer
        }
        IoUtils.safeClose(c);
    }

    /** Writes a line that is not HTTP straight to the socket (a few bytes: they fit its buffer), then closes. */
    private static void garbage(ServerConnection c) {
        if (c instanceof AbstractServerConnection a) {
            try {
                a.getChannel().getSinkChannel().write(GARBAGE.duplicate());
                a.getChannel().getSinkChannel().flush();
            } catch (IOException e) {
                // the client went away: nothing to say to it
            }
        }
        IoUtils.safeClose(c);
    }

    private void respond(HttpServerExchange ex, boolean error) {
        ex.setStatusCode(error ? StatusCodes.INTERNAL_SERVER_ERROR : StatusCodes.OK);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, options.bodySize());
        ex.getResponseSender().send(body.duplicate());
    }

    private void stats(HttpServerExchange ex) {
        if (Methods.DELETE.equals(ex.getRequestMethod())) {
            counter.reset();
            ex.setStatusCode(StatusCodes.NO_CONTENT);
            ex.endExchange();
            return;
        }
        if (!Methods.GET.equals(ex.getRequestMethod())) {
            ex.setStatusCode(StatusCodes.METHOD_NOT_ALLOWED);
            ex.getResponseHeaders().put(Headers.ALLOW, "GET, DELETE");
            ex.endExchange();
            return;
        }
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        ex.getResponseSender().send(counter.snapshot().toJson() + "\n");
    }
}
