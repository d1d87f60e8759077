package org.siegegrid.web.target;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import org.siegegrid.core.load.Ticker;

/**
 * Answers every path and method. Never blocks the IO thread: a latency or a stall is a timer
 * on the connection's own XNIO IO thread ({@code executeAfter}, millisecond resolution), after
 * which the response is written from that thread.
 */
final class SinkHandler implements HttpHandler {
    static final String STATS_PATH = "/__stats";
    private static final long HALF_MS = 500_000L;

    private final TargetOptions options;
    private final SecondCounter counter;
    private final Ticker ticker;
    private final long anchorNanos;
    private final ByteBuffer body;

    SinkHandler(TargetOptions options, SecondCounter counter, Ticker ticker, long anchorNanos) {
        this.options = options;
        this.counter = counter;
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
        if (STATS_PATH.equals(ex.getRequestPath())) {
            stats(ex);
            return;
        }
        counter.record();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean error = options.errorRate() > 0 && random.nextDouble() < options.errorRate();
        if (error) {
            counter.recordError();
        }
        long delay = delayNanos(random);
        if (delay < HALF_MS) {
            respond(ex, error);
            return;
        }
        long millis = (delay + HALF_MS) / 1_000_000L;
        ex.dispatch(SameThreadExecutor.INSTANCE,
                () -> ex.getIoThread().executeAfter(() -> respond(ex, error), millis, TimeUnit.MILLISECONDS));
    }

    private long delayNanos(ThreadLocalRandom random) {
        long latency = options.latency().sampleNanos(random::nextDouble);
        Stall stall = options.stall();
        if (stall == null) {
            return latency;
        }
        long arrival = ticker.nanoTime() - anchorNanos;
        return stall.answerAt(arrival, latency) - arrival;
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
