package org.siegegrid.web.cli;

import java.util.List;

/**
 * The {@code run} flags as typed, before any interpretation (strings stay strings, absent stays
 * null), so that {@link SpecAssembler} can report every problem at once.
 */
record RunFlags(
        List<String> urls,
        String file,
        Integer users,
        Integer reps,
        String time,
        String delay,
        boolean benchmark,
        boolean random,
        List<String> headers,
        String agent,
        String contentType,
        Double rps,
        String stages,
        Integer concurrency,
        Long requests,
        String timeout,
        List<String> thresholds,
        String name,
        String warmup,
        boolean noFollow,
        boolean noCookies,
        String login,
        Integer failures,
        boolean abortOnFail,
        String abortGrace) {

    RunFlags {
        urls = urls == null ? List.of() : List.copyOf(urls);
        headers = headers == null ? List.of() : List.copyOf(headers);
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
    }

    /** The flags without a live abort. */
    RunFlags(List<String> urls, String file, Integer users, Integer reps, String time, String delay, boolean benchmark,
             boolean random, List<String> headers, String agent, String contentType, Double rps, String stages,
             Integer concurrency, Long requests, String timeout, List<String> thresholds, String name, String warmup,
             boolean noFollow, boolean noCookies, String login, Integer failures) {
        this(urls, file, users, reps, time, delay, benchmark, random, headers, agent, contentType, rps, stages,
                concurrency, requests, timeout, thresholds, name, warmup, noFollow, noCookies, login, failures, false, null);
    }

    /** The flags with siege's HTTP behaviour left as it is. */
    RunFlags(List<String> urls, String file, Integer users, Integer reps, String time, String delay, boolean benchmark,
             boolean random, List<String> headers, String agent, String contentType, Double rps, String stages,
             Integer concurrency, Long requests, String timeout, List<String> thresholds, String name, String warmup) {
        this(urls, file, users, reps, time, delay, benchmark, random, headers, agent, contentType, rps, stages,
                concurrency, requests, timeout, thresholds, name, warmup, false, false, null, null);
    }

    /** The flags without a warm-up. */
    RunFlags(List<String> urls, String file, Integer users, Integer reps, String time, String delay, boolean benchmark,
             boolean random, List<String> headers, String agent, String contentType, Double rps, String stages,
             Integer concurrency, Long requests, String timeout, List<String> thresholds, String name) {
        this(urls, file, users, reps, time, delay, benchmark, random, headers, agent, contentType, rps, stages,
                concurrency, requests, timeout, thresholds, name, null);
    }

    boolean openModel() {
        return rps != null || stages != null;
    }
}
