package org.siegegrid.core.load.siege;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.load.Engine;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.Ticker;

/**
 * The {@code siege} engine: each runner drives the installed siege binary for this node's share of a
 * closed-model session ({@link SiegeRunner}). It keeps every process it started, so closing the
 * engine, or the JVM exiting (a shutdown hook), leaves none behind; its files live in one temporary
 * directory, removed on close.
 */
public final class SiegeEngine implements Engine {
    private static final Logger LOG = LogManager.getLogger(SiegeEngine.class);

    private final SiegeSettings settings;
    private final String binary;
    private final Ticker ticker;
    private final Path dir;
    private final AtomicInteger runners = new AtomicInteger();
    private final Set<SiegeProcess> processes = ConcurrentHashMap.newKeySet();
    private final Set<SiegeRunner> live = ConcurrentHashMap.newKeySet();
    /** {@code stdbuf -oL -eL} when the node has it: siege's lines arrive as they are printed, not 4 KiB at a time. */
    private final List<String> prefix;
    private final Thread hook;
    private final java.util.concurrent.atomic.AtomicLong said = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    private SiegeEngine(SiegeSettings settings, Path binary, Ticker ticker) {
        this.settings = settings;
        this.binary = binary.toString();
        this.ticker = ticker;
        try {
            this.dir = Files.createTempDirectory("siegegrid-siege-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.prefix = new SiegeSettings("stdbuf", null, null).resolve()
                .map(p -> List.of(p.toString(), "-oL", "-eL")).orElse(List.of());
        this.hook = new Thread(this::killAll, "siegegrid-siege-hook");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The engine for this node's siege, or empty (with why in the log) when it has none on its PATH. */
    public static Optional<SiegeEngine> detect(SiegeSettings settings, Ticker ticker) {
        Optional<Path> bin = settings.resolve();
        if (bin.isEmpty()) {
            LOG.warn("{}: this node runs no engine-siege sessions (install siege 4.x to run them)",
                    settings.binary().contains(java.io.File.separator)
                            ? settings.binary() + " (SIEGEGRID_SIEGE) is not an executable file"
                            : "no '" + settings.binary() + "' executable on this node's PATH");
            return Optional.empty();
        }
        return Optional.of(new SiegeEngine(settings, bin.get(), ticker));
    }

    /** An engine for {@code binary} (a path to an executable): tests, embedding. */
    public static SiegeEngine of(SiegeSettings settings, Ticker ticker) {
        return new SiegeEngine(settings, settings.resolve().orElseThrow(() ->
                new IllegalArgumentException("no executable " + settings.binary())), ticker);
    }

    public SiegeSettings settings() {
        return settings;
    }

    public String binary() {
        return binary;
    }

    @Override
    public LoadRunner newRunner(LoadPlan plan) {
        return newRunner(plan, Duration.ZERO);
    }

    @Override
    public LoadRunner newRunner(LoadPlan plan, Duration elapsed) {
        if (plan.openModel()) {
            throw new IllegalArgumentException("the siege engine runs the closed model only (users)");
        }
        if (closed) {
            throw new IllegalStateException("siege engine closed");
        }
        int n = runners.getAndIncrement();
        SiegeRunner r = new SiegeRunner(this, binary, ticker, dir.resolve("runner-" + n), "siege-" + n, plan, elapsed);
        live.add(r);
        return r;
    }

    /** Pids of the siege processes alive now (tests, views). */
    public Set<Long> pids() {
        Set<Long> out = new java.util.TreeSet<>();
        for (SiegeProcess p : processes) {
            if (p.alive()) {
                out.add(p.pid());
            }
        }
        return out;
    }

    /** What goes before siege's own argv (stdbuf, when there is one). */
    List<String> prefix() {
        return prefix;
    }

    boolean closed() {
        return closed;
    }

    void closed(SiegeRunner r) {
        live.remove(r);
    }

    /** Transactions siege's own summaries reported, over every process this engine ran that printed one. */
    public long siegeSaid() {
        return said.get();
    }

    void said(long transactions) {
        said.addAndGet(transactions);
    }

    void track(SiegeProcess p) {
        processes.add(p);
    }

    void forget(SiegeProcess p) {
        processes.remove(p);
    }

    void removeDir(Path d) {
        if (!Files.exists(d)) {
            return;
        }
        try (Stream<Path> s = Files.walk(d)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", d, e.toString());
        }
    }

    private void killAll() {
        for (SiegeProcess p : processes) {
            p.kill();
        }
    }

    /** Kills what is left (runners normally reaped their own), removes the files, drops the hook. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SiegeRunner r : live) {
            r.stop();
        }
        killAll();
        for (SiegeProcess p : processes) {
            try {
                p.reap(ticker.nanoTime(), settings.termWait().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        processes.clear();
        removeDir(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook runs
        }
    }
}
