package org.siegegrid.web.target;

/**
 * How the sink behaves.
 *
 * @param bind      address to listen on
 * @param port      port, 0 for an ephemeral one
 * @param bodySize  response body size in bytes
 * @param latency   time before answering
 * @param stall     periodic outage, or null
 * @param faults    fractions of requests answered 500, reset, with garbage or never (at start; {@code PUT
 *                  /__faults} changes them while it runs)
 * @param ioThreads Undertow IO threads; 0 = one per core
 */
public record TargetOptions(String bind, int port, int bodySize, Latency latency, Stall stall,
                            FaultMix faults, int ioThreads) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_BODY_SIZE = 100;

    public TargetOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (bodySize < 0) {
            throw new IllegalArgumentException("body size must be >= 0: " + bodySize);
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("threads must be >= 0: " + ioThreads);
        }
        latency = latency == null ? Latency.NONE : latency;
        faults = faults == null ? FaultMix.NONE : faults;
        bind = bind == null ? DEFAULT_BIND : bind;
    }

    /** An ephemeral port on 127.0.0.1 answering at once with 100 bytes. */
    public static TargetOptions defaults() {
        return new TargetOptions(DEFAULT_BIND, 0, DEFAULT_BODY_SIZE, Latency.NONE, null, FaultMix.NONE, 0);
    }

    public TargetOptions withLatency(Latency l) {
        return new TargetOptions(bind, port, bodySize, l, stall, faults, ioThreads);
    }

    public TargetOptions withStall(Stall s) {
        return new TargetOptions(bind, port, bodySize, latency, s, faults, ioThreads);
    }

    public TargetOptions withErrorRate(double rate) {
        return withFaults(faults.withErrorRate(rate));
    }

    public TargetOptions withFaults(FaultMix f) {
        return new TargetOptions(bind, port, bodySize, latency, stall, f, ioThreads);
    }

    public TargetOptions withBodySize(int size) {
        return new TargetOptions(bind, port, size, latency, stall, faults, ioThreads);
    }

    public TargetOptions withPort(int p) {
        return new TargetOptions(bind, p, bodySize, latency, stall, faults, ioThreads);
    }

    public int ioThreadsOrDefault() {
        return ioThreads > 0 ? ioThreads : Math.max(2, Runtime.getRuntime().availableProcessors());
    }
}
