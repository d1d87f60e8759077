package org.siegegrid.core.load;

import org.siegegrid.core.session.Target;

/**
 * Where the native engine's requests go out: a fixed set of single-threaded I/O loops, each
 * owning its own connections. Runners pace inside these loops (no hand-off per request).
 */
public interface HttpTransport extends AutoCloseable {

    int loopCount();

    IoLoop loop(int index);

    /**
     * Encodes a target once (resolving its host); the result is immutable and may be sent on any
     * loop any number of times. Throws IllegalArgumentException for a URL it cannot send to.
     */
    PreparedRequest prepare(Target target);

    @Override
    void close();
}
