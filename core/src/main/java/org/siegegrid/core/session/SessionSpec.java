package org.siegegrid.core.session;

import java.time.Duration;
import java.util.List;

/**
 * What a user asks for: one load test. Immutable. Exactly one of {@code rps} (open model) and
 * {@code users} (closed model) is set in a valid spec; nullable fields mean "not given".
 * Validation lives in {@link SpecValidator}; JSON in {@link SpecJson}.
 *
 * @param targets     resolved request templates (from "targets" or parsed from "urlsFile")
 * @param urlsFile    the siege URL-file text as given, or null
 * @param rps         open model: cluster-wide target rate, requests/s
 * @param stages      open model ramp; when non-empty it drives the rate and its total length is the duration
 * @param users       closed model: virtual users (siege -c)
 * @param delay       closed model think time upper bound (siege -d: random 0..delay), null = none
 * @param benchmark   closed model without think time (siege -b)
 * @param concurrency max requests in flight, whole cluster; null = engine default
 * @param requests    request budget, whole cluster; null = unlimited
 * @param duration    run length; null = until stopped or budget spent
 * @param timeout     per-request timeout; null = default (30 s)
 * @param warmup      the first part of the run, sent in full but measured apart (rounded up to whole
 *                    seconds: the report's figures cover the rest, its {@code warmup} section this part);
 *                    null or zero = none: everything counts, as in siege
 * @param http        siege's HTTP behaviour (redirects, cookies, gzip, the failures bound); null = {@link HttpOptions#DEFAULT}
 * @param abortOnFail the thresholds are also checked on the live report, once a second after {@code abortGrace}:
 *                    the first that fails stops the session (k6's abortOnFail, on the current value)
 * @param abortGrace  with {@code abortOnFail}: how long after the start before the first check (k6's
 *                    delayAbortEval); null = none
 */
public record SessionSpec(
        String name,
        List<Target> targets,
        String urlsFile,
        Order order,
        Double rps,
        List<Stage> stages,
        Integer users,
        Duration delay,
        boolean benchmark,
        Integer concurrency,
        Long requests,
        Duration duration,
        Duration timeout,
        EngineKind engine,
        List<String> thresholds,
        Duration warmup,
        HttpOptions http,
        boolean abortOnFail,
        Duration abortGrace) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public SessionSpec {
        targets = targets == null ? List.of() : List.copyOf(targets);
        stages = stages == null ? List.of() : List.copyOf(stages);
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        order = order == null ? Order.SEQUENTIAL : order;
        engine = engine == null ? EngineKind.NATIVE : engine;
        http = http == null ? HttpOptions.DEFAULT : http;
    }

    /** A spec without a live abort. */
    public SessionSpec(String name, List<Target> targets, String urlsFile, Order order, Double rps, List<Stage> stages,
                       Integer users, Duration delay, boolean benchmark, Integer concurrency, Long requests,
                       Duration duration, Duration timeout, EngineKind engine, List<String> thresholds, Duration warmup,
                       HttpOptions http) {
        this(name, targets, urlsFile, order, rps, stages, users, delay, benchmark, concurrency, requests, duration,
                timeout, engine, thresholds, warmup, http, false, null);
    }

    /** A spec with siege's default HTTP behaviour. */
    public SessionSpec(String name, List<Target> targets, String urlsFile, Order order, Double rps, List<Stage> stages,
                       Integer users, Duration delay, boolean benchmark, Integer concurrency, Long requests,
                       Duration duration, Duration timeout, EngineKind engine, List<String> thresholds, Duration warmup) {
        this(name, targets, urlsFile, order, rps, stages, users, delay, benchmark, concurrency, requests, duration,
                timeout, engine, thresholds, warmup, null);
    }

    /** The same spec with other HTTP behaviour. */
    public SessionSpec withHttp(HttpOptions h) {
        return new SessionSpec(name, targets, urlsFile, order, rps, stages, users, delay, benchmark, concurrency,
                requests, duration, timeout, engine, thresholds, warmup, h, abortOnFail, abortGrace);
    }

    /** The same spec with another live abort setting. */
    public SessionSpec withAbort(boolean onFail, Duration grace) {
        return new SessionSpec(name, targets, urlsFile, order, rps, stages, users, delay, benchmark, concurrency,
                requests, duration, timeout, engine, thresholds, warmup, http, onFail, grace);
    }

    /** A spec without a warm-up. */
    public SessionSpec(String name, List<Target> targets, String urlsFile, Order order, Double rps, List<Stage> stages,
                       Integer users, Duration delay, boolean benchmark, Integer concurrency, Long requests,
                       Duration duration, Duration timeout, EngineKind engine, List<String> thresholds) {
        this(name, targets, urlsFile, order, rps, stages, users, delay, benchmark, concurrency, requests, duration,
                timeout, engine, thresholds, null);
    }

    /** Whole seconds of warm-up (0 = none): the seconds of the series before this are measured apart. */
    public long warmupSeconds() {
        if (warmup == null || warmup.isNegative() || warmup.isZero()) {
            return 0;
        }
        return warmup.getSeconds() + (warmup.getNano() > 0 ? 1 : 0);
    }

    /** The grace before the first live check, zero when none. */
    public Duration abortGraceOrZero() {
        return abortGrace == null || abortGrace.isNegative() ? Duration.ZERO : abortGrace;
    }

    public boolean openModel() {
        return rps != null || !stages.isEmpty();
    }

    public Duration timeoutOrDefault() {
        return timeout == null ? DEFAULT_TIMEOUT : timeout;
    }
}
