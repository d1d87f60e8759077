package org.siegegrid.core.node;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.session.SessionEvent;
import org.siegegrid.core.session.SessionEventLog;

/**
 * This node's writes to the sessions' event logs. {@link #record} never blocks nor throws: the event
 * (its time taken now, on the cluster clock) is queued and appended on the log's own thread, in order.
 * A write the maps refuse (no quorum, the cluster did not answer) stays queued, at most {@link #MAX_PENDING}
 * entries, and is tried again at the next {@link #flush} (the node's housekeeping pass, once the maps take
 * writes): an event is written late rather than lost, with the time of the fact. A {@link #later} entry is
 * resolved into events only when it comes to be written (it may need to read the maps).
 */
final class EventLog implements AutoCloseable {
    static final int MAX_PENDING = 1_000;
    private static final Logger LOG = LogManager.getLogger(EventLog.class);

    /** One session's event to append. */
    record Append(String sessionId, SessionEvent event) {
    }

    private final Grid grid;
    private final Deque<Supplier<List<Append>>> pending = new ArrayDeque<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "siegegrid-events");
        t.setDaemon(true);
        return t;
    });
    private boolean failing;

    EventLog(Grid grid) {
        this.grid = grid;
    }

    /** Appends an event to a session's log, its time now. */
    void record(String sessionId, String kind, String node, String detail) {
        record(sessionId, SessionEvent.of(grid.clusterTimeMillis(), kind, node, detail));
    }

    void record(String sessionId, SessionEvent e) {
        queue(new Resolved(new Append(sessionId, e)));
    }

    /** Queues events that are worked out when written: {@code resolve} may read the maps (and throw). */
    void later(Supplier<List<Append>> resolve) {
        queue(resolve);
    }

    private void queue(Supplier<List<Append>> resolve) {
        synchronized (pending) {
            if (pending.size() >= MAX_PENDING) {
                pending.pollFirst();
                LOG.warn("event log: {} writes pending; the oldest is dropped", MAX_PENDING);
            }
            pending.addLast(resolve);
        }
        pump();
    }

    /** Tries the pending writes again (they wait after a refusal until this is called). */
    void flush() {
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            failing = false;
        }
        pump();
    }

    /** A session's events after {@code since} (cluster millis), oldest first; empty for none. */
    List<SessionEvent> read(String sessionId, long since) {
        SessionEventLog log = grid.events().get(sessionId);
        return log == null ? List.of() : log.since(since);
    }

    /** Writes pending now, waiting at most {@code timeout} (a node about to leave); true when none is left. */
    boolean drain(Duration timeout) {
        flush();
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            writer.execute(() -> done.complete(null));
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        synchronized (pending) {
            return pending.isEmpty();
        }
    }

    int pending() {
        synchronized (pending) {
            return pending.size();
        }
    }

    private void pump() {
        try {
            writer.execute(this::writeAll);
        } catch (RejectedExecutionException closed) {
            // closing: what is pending is lost with the node
        }
    }

    /** Writes the queue in order, stopping at the first refusal (it stays first, for the next flush). */
    private void writeAll() {
        while (true) {
            Supplier<List<Append>> head;
            synchronized (pending) {
                head = failing ? null : pending.peekFirst();
            }
            if (head == null) {
                return;
            }
            try {
                if (head instanceof Resolved r) {
                    grid.appendEvents(r.append().sessionId(), List.of(r.append().event()));
                    replaceHead(head, List.of());
                } else {
                    // worked out now; each append becomes its own entry, so a refusal half-way writes none twice
                    replaceHead(head, head.get());
                }
            } catch (RuntimeException e) {
                synchronized (pending) {
                    failing = true;
                }
                LOG.debug("event log: write deferred: {}", e.toString());
                return;
            }
        }
    }

    private void replaceHead(Supplier<List<Append>> head, List<Append> by) {
        synchronized (pending) {
            if (pending.peekFirst() != head) {
                return;   // dropped as the oldest meanwhile
            }
            pending.pollFirst();
            for (int i = by.size() - 1; i >= 0; i--) {
                pending.addFirst(new Resolved(by.get(i)));
            }
        }
    }

    /** A write already worked out. */
    private record Resolved(Append append) implements Supplier<List<Append>> {
        @Override
        public List<Append> get() {
            return List.of(append);
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
