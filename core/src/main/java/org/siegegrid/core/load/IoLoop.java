package org.siegegrid.core.load;

/** One I/O thread: runs tasks and timers, and owns the connections opened on it. */
public interface IoLoop {
    boolean inLoop();

    void execute(Runnable task);

    void schedule(Runnable task, long delayNanos);

    /**
     * Opens a connection to the request's origin. Every listener call happens later on this loop
     * (never inside this call): {@code connected}, or {@code failed} and then {@code closed}.
     */
    Connection connect(PreparedRequest forOrigin, long timeoutNanos, ConnectionListener listener);
}
