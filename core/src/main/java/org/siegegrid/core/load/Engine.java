package org.siegegrid.core.load;

import java.time.Duration;

/** Makes runners. One engine per node (it owns the I/O threads or processes); many runners share it. */
public interface Engine extends AutoCloseable {
    LoadRunner newRunner(LoadPlan plan);

    /**
     * A runner whose rate profile is already {@code elapsed} old at start: a node that joins a running
     * session (or starts its runner late) picks the schedule up where the session is. Engines
     * without a schedule of their own ignore it.
     */
    default LoadRunner newRunner(LoadPlan plan, Duration elapsed) {
        return newRunner(plan);
    }

    @Override
    void close();
}
