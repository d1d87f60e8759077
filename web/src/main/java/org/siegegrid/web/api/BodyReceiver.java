package org.siegegrid.web.api;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.undertow.io.IoCallback;
import io.undertow.io.Receiver;
import io.undertow.io.Sender;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Headers;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Request bodies read without a worker thread: Undertow's {@link Receiver} collects the bytes on
 * the IO thread as they come, and only a complete body goes on to a worker. Each body takes its
 * size from a budget of bytes in flight ({@link ApiLimits#bodiesInFlight}; none left: 503) and
 * has a deadline ({@link ApiLimits#bodyTimeout}; missed: 408 and the connection closes), so a
 * client sending one byte a second holds neither a thread nor its place for long.
 */
final class BodyReceiver {
    /** What to do with a complete body (on the IO thread); {@code release} gives its bytes back to the budget. */
    interface Received {
        void received(HttpServerExchange ex, byte[] body, Runnable release);
    }

    /** How to answer a refusal (on the IO thread, before the body was read in full). */
    interface Refused {
        void refused(HttpServerExchange ex, ApiError e);
    }

    private final ApiLimits limits;
    private final AtomicLong inFlight = new AtomicLong();

    BodyReceiver(ApiLimits limits) {
        this.limits = limits;
    }

    /** Bytes of bodies being received or handled now. */
    long inFlight() {
        return inFlight.get();
    }

    /** Reads the body of {@code ex} (whose Content-Length is within the limit), then calls one of the two. */
    void receive(HttpServerExchange ex, Received onBody, Refused onRefusal) {
        long declared = ex.getRequestContentLength();
        long size = declared >= 0 ? declared : limits.maxBody();
        if (!reserve(size)) {
            ex.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
            onRefusal.refused(ex, ApiError.unavailable("too many request bodies in flight; try again in a moment"));
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.addAndGet(-size);
            }
        };
        AtomicBoolean settled = new AtomicBoolean();
        XnioExecutor.Key deadline = ex.getIoThread().executeAfter(() -> {
            if (settled.compareAndSet(false, true)) {
                release.run();
                Connectors.executeRootHandler(e -> onRefusal.refused(e, ApiError.timeout(
                        "the request body did not arrive within " + limits.bodyTimeout().toSeconds() + " s")), ex);
            }
        }, limits.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        Runnable read = () -> {
            Receiver r = ex.getRequestReceiver();
            r.setMaxBufferSize((int) limits.maxBody());
            r.receiveFullBytes((e, bytes) -> {
                if (settled.compareAndSet(false, true)) {
                    deadline.remove();
                    onBody.received(e, bytes, release);
                }
            }, (e, failure) -> {
                if (settled.compareAndSet(false, true)) {
                    deadline.remove();
                    release.run();
                    if (tooBig(failure)) {
                        onRefusal.refused(e, ApiError.tooLarge(limits.maxBody()));
                    } else {
                        gone(e);
                    }
                }
            });
        };
        if (HttpContinue.requiresContinueResponse(ex)) {
            HttpContinue.sendContinueResponse(ex, new IoCallback() {
                @Override
                public void onComplete(HttpServerExchange e, Sender sender) {
                    read.run();
                }

                @Override
                public void onException(HttpServerExchange e, Sender sender, IOException failure) {
                    if (settled.compareAndSet(false, true)) {
                        deadline.remove();
                        release.run();
                        gone(e);
                    }
                }
            });
        } else {
            read.run();
        }
    }

    private boolean reserve(long size) {
        while (true) {
            long cur = inFlight.get();
            if (cur + size > limits.bodiesInFlight()) {
                return false;
            }
            if (inFlight.compareAndSet(cur, cur + size)) {
                return true;
            }
        }
    }

    private static boolean tooBig(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Receiver.RequestToLargeException || c instanceof RequestTooBigException) {
                return true;
            }
        }
        return false;
    }

    /** The client went away or broke the body: nobody to answer. */
    private static void gone(HttpServerExchange ex) {
        ex.setPersistent(false);
        IoUtils.safeClose(ex.getConnection());
    }
}
