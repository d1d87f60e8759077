package org.siegegrid.web.api;

import java.util.function.Consumer;

/**
 * Where a stream's frames go: one open Server-Sent Events connection. {@link #send} never blocks:
 * it queues the frame and calls {@code written} once the frame is in the socket, {@code failed}
 * when the connection broke. Undertow's {@code ServerSentEventConnection} in production
 * ({@link SseSink}), a fake in tests.
 */
interface StreamSink {
    void send(String event, String id, String data, Runnable written, Consumer<Exception> failed);

    /** Closes the connection once what is queued has been written (the last frame of a topic). */
    void end();

    /** Closes the connection now; safe to call more than once, from any thread. */
    void close();
}
