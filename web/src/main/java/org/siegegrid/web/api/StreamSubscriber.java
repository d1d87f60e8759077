package org.siegegrid.web.api;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open stream. {@link #offer} queues a frame without waiting; a subscriber with more than
 * {@code maxPending} frames not yet written to its socket (a client that stopped reading, whose
 * socket buffers are full) is closed, so it never holds up the producer or grows without bound.
 */
final class StreamSubscriber {
    private final StreamSink sink;
    private final int maxPending;
    private final Runnable onClose;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String closeReason;

    StreamSubscriber(StreamSink sink, int maxPending, Runnable onClose) {
        this.sink = sink;
        this.maxPending = maxPending;
        this.onClose = onClose;
    }

    /** Queues the frame; drops this subscriber when it is too far behind. Never blocks. */
    void offer(Frame f) {
        if (closed.get()) {
            return;
        }
        if (pending.incrementAndGet() > maxPending) {
            close("stalled: " + maxPending + " frames not written");
            return;
        }
        sink.send(f.event(), Long.toString(f.seq()), f.data(), pending::decrementAndGet, e -> close("write failed: " + e));
        if (f.last() && closed.compareAndSet(false, true)) {
            closeReason = "topic ended";
            try {
                sink.end();
            } finally {
                onClose.run();
            }
        }
    }

    /** Closes the connection and unregisters; only the first call does anything. */
    void close(String why) {
        if (closed.compareAndSet(false, true)) {
            closeReason = why;
            try {
                sink.close();
            } finally {
                onClose.run();
            }
        }
    }

    boolean closed() {
        return closed.get();
    }

    int pending() {
        return pending.get();
    }

    String closeReason() {
        return closeReason;
    }
}
