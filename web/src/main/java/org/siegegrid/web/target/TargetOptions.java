package org.siegegrid.web.target;

/**
 * How the sink behaves.
 *
 * @param bind      address to listen on
 * @param port      port, 0 for an ephemeral one
 * @param bodySize  response body size in bytes
 * @param latency   time before answering
 * @param stall     periodic outage, or null
 * @param errorRate fraction of requests answered 500, 0..1
 * @param ioThreads Undertow IO threads; 0 = one per core
 */
public record TargetOptions(String bind, int port, int bodySize, Latency latency, Stall stall,
                            double errorRate, int ioThreads) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_BODY_SIZE = 100;

    public TargetOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (bodySize < 0) {
            throw new IllegalArgumentException("body size must be >= 0: " + bodySize);
        }
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("error rate must be between 0 and 1: " + errorRate);
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("threads must be >= 0: " + ioThreads);
        }
        latency = latency == null ? Latency.NONE : latency;
        bind = bind == null ? DEFAULT_BIND : bind;
    }

    /** An ephemeral port on 127.0.0.1 answering at once with 100 bytes. */
    public static TargetOptions defaults() {
        return new TargetOptions(DEFAULT_BIND, 0, DEFAULT_BODY_SIZE, Latency.NONE, null, 0, 0);
    }

    public TargetOptions withLatency(Latency l) {
        return new TargetOptions(bind, port, bodySize, l, stall, errorRate, ioThreads);
    }

    public TargetOptions withStall(Stall s) {
        return new TargetOptions(bind, port, bodySize, latency, s, errorRate, ioThreads);
    }

    public TargetOptions withErrorRate(double rate) {
        return new TargetOptions(bind, port, bodySize, latency, stall, rate, ioThreads);
    }

    public TargetOptions withBodySize(int size) {
        return new TargetOptions(bind, port, size, latency, stall, errorRate, ioThreads);
    }

    public TargetOptions withPort(int p) {
        return new TargetOptions(bind, p, bodySize, latency, stall, errorRate, ioThreads);
    }

    public int ioThreadsOrDefault() {
        return ioThreads > 0 ? ioThreads : Math.max(2, Runtime.getRuntime().availableProcessors());
    }
}
