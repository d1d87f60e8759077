package org.siegegrid.web.cli;

import java.util.List;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The session flags {@code run} and {@code sessions create} share (siege's, plus the open model,
 * budget, timeout, thresholds and name), as a picocli mixin. {@code -f} stays in each command: it
 * means a URL file to {@code run} and a URL file or a JSON spec to {@code create}.
 */
final class SpecFlags {
    @Parameters(paramLabel = "URL", arity = "0..*", description = "URLs to hit (siege: \"URL [POST data]\")")
    List<String> urls;

    @Option(names = {"-c", "--concurrent", "--users"}, paramLabel = "N", description = "users (siege -c; default 25)")
    Integer users;

    @Option(names = {"-r", "--reps"}, paramLabel = "N", converter = Reps.class,
            description = "repetitions per user (budget users x reps); once: each user goes through the URLs once")
    Integer reps;

    @Option(names = {"-t", "--time", "--duration"}, paramLabel = "TIME", description = "run time: 30S, 5M, 1H (bare number: minutes), 500ms")
    String time;

    @Option(names = {"-d", "--delay"}, paramLabel = "SEC", description = "max think time per user, random 0..SEC")
    String delay;

    @Option(names = {"-b", "--benchmark"}, description = "no think time between requests")
    boolean benchmark;

    @Option(names = {"-i", "--internet"}, description = "hit the URLs in random order")
    boolean random;

    @Option(names = {"-H", "--header"}, paramLabel = "\"Name: value\"", description = "request header (repeatable)")
    List<String> headers;

    @Option(names = {"-A", "--user-agent"}, paramLabel = "AGENT", description = "User-Agent header")
    String agent;

    @Option(names = {"-T", "--content-type"}, paramLabel = "TYPE", description = "Content-Type of POST/PUT bodies")
    String contentType;

    @Option(names = "--rps", paramLabel = "N", description = "open model: requests per second (instead of -c)")
    Double rps;

    @Option(names = "--stages", paramLabel = "30s:1000,1m:5000", description = "open model: ramp the rate")
    String stages;

    @Option(names = "--concurrency", paramLabel = "N", description = "max requests in flight (whole session)")
    Integer concurrency;

    @Option(names = {"-n", "--requests"}, paramLabel = "N", description = "total request budget (whole session)")
    Long requests;

    @Option(names = "--timeout", paramLabel = "30s", description = "per-request timeout (default 30s)")
    String timeout;

    @Option(names = "--threshold", paramLabel = "EXPR", description = "pass/fail rule with its unit, e.g. \"p99 < 200ms\","
            + " \"service.p95 < 50ms\", \"errors < 1%\", \"rps > 900\" (repeatable)")
    List<String> thresholds;

    @Option(names = "--abort-on-fail", description = "check the thresholds on the live figures once a second and stop"
            + " the run at the first that fails (exit 1)")
    boolean abortOnFail;

    @Option(names = "--abort-grace", paramLabel = "5s", description = "with --abort-on-fail: no check before this"
            + " long after the start")
    String abortGrace;

    @Option(names = "--name", paramLabel = "NAME", description = "session name")
    String name;

    @Option(names = "--warmup", paramLabel = "10s", description = "send the full load this long first but measure"
            + " it apart (whole seconds; default none: everything counts, as in siege)")
    String warmup;

    @Option(names = "--no-follow", description = "do not follow redirects (siege --no-follow); by default each hop"
            + " is a transaction, as in siege")
    boolean noFollow;

    @Option(names = "--no-cookies", description = "users keep no cookies (siegerc cookies = false)")
    boolean noCookies;

    @Option(names = "--login", paramLabel = "USER:PASS", description = "basic auth on every request (siegerc login;"
            + " also http://user:pass@host/ URLs)")
    String login;

    @Option(names = "--failures", paramLabel = "N", description = "stop after N socket failures (siegerc failures;"
            + " run's default 1024 with users)")
    Integer failures;

    /** {@code -r N}, or siege's {@code -r once} ({@link #ONCE}: each user goes through the URLs once). */
    static final class Reps implements picocli.CommandLine.ITypeConverter<Integer> {
        /** {@code -r once}, until the URLs are known (then: their number). */
        static final int ONCE = -1;

        @Override
        public Integer convert(String value) {
            if (value.strip().equalsIgnoreCase("once")) {
                return ONCE;
            }
            try {
                return Integer.valueOf(value.strip());
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a number (or once)");
            }
        }
    }

    /** The flags as typed, with the command's own {@code -f}. */
    RunFlags with(String file) {
        return new RunFlags(urls, file, users, reps, time, delay, benchmark, random, headers, agent,
                contentType, rps, stages, concurrency, requests, timeout, thresholds, name, warmup, noFollow, noCookies,
                login, failures, abortOnFail, abortGrace);
    }
}
