package org.siegegrid.web.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.siegegrid.web.target.FaultMix;
import org.siegegrid.web.target.Latency;
import org.siegegrid.web.target.Stall;
import org.siegegrid.web.target.TargetOptions;
import org.siegegrid.web.target.TargetServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code siegegrid target}: the built-in HTTP sink, in the foreground until Ctrl-C (or --duration). */
@Command(name = "target", mixinStandardHelpOptions = true,
        description = {"A built-in HTTP sink with configurable latency, stalls, errors and faults.",
                "Answers every path and method; GET /__stats returns what it counted (not itself counted).",
                "PUT /__faults?error-rate=F&reset-rate=F&garbage-rate=F&hang-rate=F&stall=3s changes the faults"
                        + " while it runs (a rate not given is 0; stall: answer nothing for that long from now);"
                        + " GET /__faults shows them, DELETE /__faults restores the flags'."})
final class TargetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9000", description = "port; 0 = ephemeral (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = TargetOptions.DEFAULT_BIND, description = "address (default ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--body-size", defaultValue = "100", paramLabel = "BYTES", description = "response body size (default ${DEFAULT-VALUE})")
    int bodySize;

    @Option(names = "--latency", paramLabel = "5ms|1ms-20ms", description = "fixed or uniformly random answer time (ms resolution)")
    String latency;

    @Option(names = "--stall", paramLabel = "500ms/5s", description = "every period, stop answering for this long; requests are held until it ends")
    String stall;

    @Option(names = "--error-rate", defaultValue = "0", paramLabel = "FRACTION", description = "fraction of requests answered 500, e.g. 0.01")
    double errorRate;

    @Option(names = "--reset-rate", defaultValue = "0", paramLabel = "FRACTION", description = "fraction of requests answered by a connection reset (RST: closed with SO_LINGER 0)")
    double resetRate;

    @Option(names = "--garbage-rate", defaultValue = "0", paramLabel = "FRACTION", description = "fraction of requests answered with a line that is not HTTP, then a close; 1 = a server that answers garbage")
    double garbageRate;

    @Option(names = "--hang-rate", defaultValue = "0", paramLabel = "FRACTION", description = "fraction of requests never answered (held until the client gives up); 1 = a server that accepts connections and never answers")
    double hangRate;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "IO threads (default: one per core)")
    int threads;

    @Option(names = "--duration", paramLabel = "60s", description = "exit by itself after this long (default: run until Ctrl-C)")
    String duration;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        TargetOptions options = options();
        Duration runFor = duration == null ? null : Args.duration("--duration", duration);
        TargetServer server = new TargetServer(options);
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new UsageError("target: cannot listen on " + bind + ":" + port + ": " + rootMessage(e));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                // SIGTERM or Ctrl-C: the JVM halts once this hook returns; let the final count be printed first
                reported.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.close();
        }, "target-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("target listening on " + server.url() + describe(options));
        try (RateLog rates = new RateLog(server::requests, out)) {
            rates.start();
            if (runFor == null) {
                stopped.await();
            } else {
                stopped.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            server.close();
            out.println("target stopped after " + server.requests() + " requests");
            out.flush();
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: fine
            }
        }
        return Main.OK;
    }

    private TargetOptions options() {
        Latency l = latency == null ? Latency.NONE : parse("--latency", () -> Latency.parse(latency));
        Stall s = stall == null ? null : parse("--stall", () -> Stall.parse(stall));
        FaultMix f = parse("target", () -> new FaultMix(errorRate, resetRate, garbageRate, hangRate));
        return parse("target", () -> new TargetOptions(bind, port, bodySize, l, s, f, threads));
    }

    private static <T> T parse(String flag, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new UsageError(flag + ": " + e.getMessage());
        }
    }

    private static String describe(TargetOptions o) {
        StringBuilder sb = new StringBuilder();
        sb.append(" (body ").append(o.bodySize()).append(" B");
        if (!o.latency().isZero()) {
            sb.append(", latency ").append(o.latency());
        }
        if (o.stall() != null) {
            sb.append(", stall ").append(o.stall());
        }
        if (!o.faults().none()) {
            sb.append(", ").append(o.faults());
        }
        return sb.append(')').toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
