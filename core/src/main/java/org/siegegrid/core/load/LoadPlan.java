package org.siegegrid.core.load;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.siegegrid.core.session.HttpOptions;
import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.Target;

/**
 * The engine's view of a session: what to send and how to pace it. The request budget is not
 * here: it arrives as {@link LocalShare#quota()} (a single node passes the spec's {@code requests}).
 *
 * @param targets     request templates, at least one
 * @param order       sequential (siege's default) or random (siege -i)
 * @param profile     open model: the session's rate over time; null for the closed model
 * @param users       closed model: the session's virtual users (the runner uses {@link LocalShare#users()})
 * @param delay       closed model think time upper bound (uniform in [0, delay]); null or zero = none
 * @param benchmark   closed model without think time (siege -b)
 * @param concurrency max in flight for the whole session as given (0 = engine default);
 *                    the runner uses {@link LocalShare#concurrency()}
 * @param timeout     per-request timeout
 * @param duration    the runner ends by itself this long after start; null = until stopped
 * @param seed        seed for random order and think times
 * @param maxLateness a request later than this is dropped instead of sent
 * @param http        siege's HTTP behaviour (redirects, cookies, gzip, failures bound)
 */
public record LoadPlan(List<Target> targets, Order order, RateProfile profile, int users, Duration delay,
                       boolean benchmark, int concurrency, Duration timeout, Duration duration, long seed,
                       Duration maxLateness, HttpOptions http) {

    public static final Duration DEFAULT_MAX_LATENESS = Duration.ofSeconds(1);
    /** Open-model connections when neither the plan nor the share says: at least this many... */
    public static final int MIN_OPEN_CONCURRENCY = 64;
    /** ...and at most this many (or half the process's file descriptors, if fewer). */
    public static final int MAX_OPEN_CONCURRENCY = 4096;

    public LoadPlan {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one target");
        }
        order = order == null ? Order.SEQUENTIAL : order;
        timeout = timeout == null ? SessionSpec.DEFAULT_TIMEOUT : timeout;
        maxLateness = maxLateness == null ? DEFAULT_MAX_LATENESS : maxLateness;
        if (benchmark || (delay != null && delay.isZero())) {
            delay = null;
        }
        http = http == null ? HttpOptions.DEFAULT : http;
        Objects.requireNonNull(order);
    }

    /** A plan with siege's default HTTP behaviour. */
    public LoadPlan(List<Target> targets, Order order, RateProfile profile, int users, Duration delay,
                    boolean benchmark, int concurrency, Duration timeout, Duration duration, long seed,
                    Duration maxLateness) {
        this(targets, order, profile, users, delay, benchmark, concurrency, timeout, duration, seed, maxLateness, null);
    }

    public LoadPlan withHttp(HttpOptions h) {
        return new LoadPlan(targets, order, profile, users, delay, benchmark, concurrency, timeout, duration,
                seed, maxLateness, h);
    }

    /** The engine's plan for a (validated) spec. Stages end the profile; a constant rate ends at the duration. */
    public static LoadPlan from(SessionSpec spec) {
        RateProfile profile = null;
        if (!spec.stages().isEmpty()) {
            profile = RateProfile.stages(spec.stages());
        } else if (spec.rps() != null) {
            profile = RateProfile.constant(spec.rps(), spec.duration());
        }
        int users = spec.users() == null ? 0 : spec.users();
        int concurrency = spec.concurrency() == null ? 0 : spec.concurrency();
        return new LoadPlan(spec.targets(), spec.order(), profile, users, spec.delay(), spec.benchmark(),
                concurrency, spec.timeoutOrDefault(), spec.duration(), new SplittableRandom().nextLong(),
                DEFAULT_MAX_LATENESS, spec.http());
    }

    public boolean openModel() {
        return profile != null;
    }

    public LoadPlan withSeed(long newSeed) {
        return new LoadPlan(targets, order, profile, users, delay, benchmark, concurrency, timeout, duration,
                newSeed, maxLateness, http);
    }

    public LoadPlan withMaxLateness(Duration lateness) {
        return new LoadPlan(targets, order, profile, users, delay, benchmark, concurrency, timeout, duration,
                seed, lateness, http);
    }

    public LoadPlan withTimeout(Duration newTimeout) {
        return new LoadPlan(targets, order, profile, users, delay, benchmark, concurrency, newTimeout, duration,
                seed, maxLateness, http);
    }

    /** The share a single node runs: the whole rate, all users, the given budget. */
    public LocalShare wholeShare(long quota) {
        return new LocalShare(1.0, users, connections(users), quota);
    }

    /**
     * Connections (requests in flight) a node runs its share with: the plan's concurrency when given;
     * in the closed model one per user; in the open model enough for the session's peak rate held for
     * the lateness bound (a server answering within {@link #maxLateness} keeps the whole rate going, so
     * the open model does not quietly turn into a closed one), between {@link #MIN_OPEN_CONCURRENCY} and
     * {@link #MAX_OPEN_CONCURRENCY} (and half the file descriptors the process may open). Beyond it, due
     * requests wait and, once later than the bound, are dropped: counted and reported, never hidden.
     * A node may have to carry the whole rate (the others gone), so the bound is the session's, not the share's.
     */
    public int connections(int shareUsers) {
        if (concurrency > 0) {
            return concurrency;
        }
        if (!openModel()) {
            return shareUsers;
        }
        double wanted = Math.ceil(profile.peakRate() * maxLateness.toNanos() / 1e9);
        int cap = (int) Math.min(MAX_OPEN_CONCURRENCY, FD_LIMIT / 2);
        return (int) Math.max(MIN_OPEN_CONCURRENCY, Math.min(wanted, Math.max(MIN_OPEN_CONCURRENCY, cap)));
    }

    /** The process's file-descriptor limit, where the JVM tells it; otherwise no limit of ours. */
    private static final long FD_LIMIT = fdLimit();
    /** Descriptors left to the JVM, Hazelcast and the API (jars, sockets, epoll): never given to connections. */
    public static final int FD_RESERVED = 256;

    /** The file descriptors this process may open ({@code ulimit -n}); {@link Long#MAX_VALUE} when unknown. */
    public static long fileLimit() {
        return FD_LIMIT;
    }

    /** The most connections one node can hold open at once: its file limit less {@link #FD_RESERVED}. */
    public static long maxConnections() {
        return FD_LIMIT == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, FD_LIMIT - FD_RESERVED);
    }

    private static long fdLimit() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            return max > 0 ? max : Long.MAX_VALUE;
        }
        return Long.MAX_VALUE;
    }
}
