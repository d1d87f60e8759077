package org.siegegrid.core.node;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The node's threads and what runs on them, each task guarded so that a throw never cancels it:
 * <ul>
 *   <li>the loop (one thread, owner of the runners): rounds every round interval, publication once
 *       a second, a drained runner's last stats within 50 ms, a full reconcile every 5 rounds, and
 *       every hand-off from the listeners;</li>
 *   <li>the fence (one thread): every 50 ms;</li>
 *   <li>the stats publisher (one thread): merging, encoding and writing each runner's stats, in order;</li>
 *   <li>the coordinator (one thread): the lifecycle pass every round interval, never on the loop,
 *       so building a final report or a slow map call cannot delay a round.</li>
 * </ul>
 */
final class NodeLoop implements Executor {
    private static final Logger LOG = LogManager.getLogger(NodeLoop.class);
    static final long FENCE_MILLIS = 50;

    private final ScheduledExecutorService loop;
    private final ScheduledExecutorService fence;
    private final ScheduledExecutorService coordinator;
    private final java.util.concurrent.ExecutorService publisher;
    private volatile Thread loopThread;

    NodeLoop(String nodeId) {
        this.loop = Executors.newSingleThreadScheduledExecutor(daemon("siegegrid-node-" + nodeId, true));
        this.fence = Executors.newSingleThreadScheduledExecutor(daemon("siegegrid-fence-" + nodeId, false));
        this.coordinator = Executors.newSingleThreadScheduledExecutor(daemon("siegegrid-coordinator-" + nodeId, false));
        this.publisher = Executors.newSingleThreadExecutor(daemon("siegegrid-stats-" + nodeId, false));
    }

    private ThreadFactory daemon(String name, boolean isLoop) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            if (isLoop) {
                loopThread = t;
            }
            return t;
        };
    }

    /** Runs on the loop thread; never throws out of the task. */
    @Override
    public void execute(Runnable task) {
        try {
            loop.execute(guarded("loop task", task));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the node is closing: nothing more runs
        }
    }

    /** The stats publisher: one thread, tasks in submission order, each guarded. */
    Executor publisher() {
        return task -> {
            try {
                publisher.execute(guarded("stats publication", task));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the node is closing
            }
        };
    }

    void everyOnLoop(String what, long periodMillis, long initialMillis, Runnable task) {
        loop.scheduleAtFixedRate(guarded(what, task), initialMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    void fence(Runnable check) {
        fence.scheduleAtFixedRate(guarded("fence", check), FENCE_MILLIS, FENCE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A light check beside the fence, as often, on its thread: it must not block (it reads no map). */
    void watch(Runnable check) {
        fence.scheduleAtFixedRate(guarded("watch", check), FENCE_MILLIS, FENCE_MILLIS, TimeUnit.MILLISECONDS);
    }

    void coordinate(long periodMillis, Runnable pass) {
        coordinator.scheduleWithFixedDelay(guarded("coordinator", pass), periodMillis, periodMillis,
                TimeUnit.MILLISECONDS);
    }

    boolean onLoop() {
        return Thread.currentThread() == loopThread;
    }

    /** Runs {@code task} on the loop and waits for it (at most {@code timeout}); at once when already on it. */
    void runOnLoop(Runnable task, Duration timeout) {
        if (onLoop()) {
            task.run();
            return;
        }
        try {
            loop.submit(task).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("loop task did not complete: {}", e.toString());
        }
    }

    /**
     * Stops the coordinator, runs {@code last} on the loop (it owns the runners) and waits for the
     * loop to end; the fence goes last, so load stays fenced until the runners are closed.
     */
    void close(Runnable last, Duration timeout) {
        coordinator.shutdownNow();
        awaitOrStop(coordinator, timeout);   // a pass in progress ends before the runners and the member go
        runOnLoop(last, timeout);
        loop.shutdown();
        if (!onLoop()) {
            awaitOrStop(loop, timeout);
        }
        publisher.shutdown();
        awaitOrStop(publisher, timeout);
        fence.shutdownNow();
        awaitOrStop(fence, timeout);
    }

    private static void awaitOrStop(java.util.concurrent.ExecutorService executor, Duration timeout) {
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {   // NOPMD: a scheduled task that throws is cancelled for good
                LOG.warn("{} failed: {}", what, t.toString());
            }
        };
    }
}
