package org.siegegrid.web.cli;

import static org.siegegrid.web.cli.JsonFields.bool;
import static org.siegegrid.web.cli.JsonFields.count;
import static org.siegegrid.web.cli.JsonFields.str;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import com.google.gson.JsonObject;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.Threshold;
import org.siegegrid.core.session.SessionSpec;

/**
 * {@code run --api URL[,URL...]}: the one-shot run on a cluster. Submits the spec (POST
 * /api/v1/sessions, through the first node that takes it: {@link RemoteCreate}), follows it (GET
 * .../stats once a second, a progress line on stderr as a local run prints), stops it on Ctrl-C
 * (POST .../stop), and prints the final report (siege's summary, or JSON with -j) with the
 * threshold verdicts. Exit codes as a local run: 0 ok, 1 a threshold failed, every request failed
 * or the session FAILED.
 *
 * <p>When the node it follows stops answering, the client goes on through the next URL (one line
 * on stderr) with the same session: every node serves its stats and its stored report. It gives up
 * with one line naming every node once none has answered for {@link #OUTAGE}.
 */
final class RemoteRun {
    static final long SECOND = 1_000_000_000L;
    /** How often the stop signal is checked between polls. */
    private static final long TICK = 50_000_000L;
    /** After a stop, how long the session may take to end (below SignalStop's hold). */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);
    /** How long no node may answer before the run gives up. */
    static final Duration OUTAGE = Duration.ofSeconds(30);
    /** Pause between two passes over the nodes while none answers. */
    static final long RETRY = SECOND / 2;
    /** A run's calls: a node that does not answer within this is left for the next one. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final ApiClient api;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean quiet;
    private final boolean json;
    private final Ticker ticker;
    /** The session once created: named in the line printed when the client changes node. */
    private volatile String following;

    RemoteRun(ApiClient api, PrintWriter out, PrintWriter err, boolean quiet, boolean json, Ticker ticker) {
        this.api = api;
        this.out = out;
        this.err = err;
        this.quiet = quiet;
        this.json = json;
        this.ticker = ticker;
        api.onSwitch((failed, to) -> {
            err.println("api: " + failed + (following == null ? ", creating the session through " + to
                    : ", following session " + following + " through " + to));
            err.flush();
        });
    }

    /** The client of a run: its nodes, shorter timeouts than an admin command's. */
    static ApiClient client(List<String> urls, String token) {
        return client(urls, token, null);
    }

    /** The same, trusting {@code tls} for {@code https://} nodes (null = the JDK's default). */
    static ApiClient client(List<String> urls, String token, SSLContext tls) {
        return new ApiClient(ApiUrls.parse(urls), token, CONNECT_TIMEOUT, REQUEST_TIMEOUT, tls);
    }

    int run(SessionSpec spec, StopSignal stop) throws InterruptedException {
        JsonObject created = new RemoteCreate(api, err, ticker).create(RemoteSpec.json(RemoteSpec.expanded(spec)));
        String id = str(created, "id");
        following = id;
        if (!quiet) {
            err.println("** SiegeGrid: session " + id + " on " + api.base());
            if (!json) {   // siege prints no banner with -j
                err.println(spec.openModel() ? "** Preparing a rate of requests for battle."
                        : "** Preparing " + spec.users() + " concurrent users for battle.");
                err.println("The server is now under siege...");
            }
            err.flush();
        }
        String state = follow(id, spec, stop);
        String path = SessionsCommand.path(id);
        JsonObject report = patiently(id, () -> api.get(path + "/report")).json();
        if (json) {
            out.println(AdminCommand.PRETTY.toJson(report));
            out.flush();
            verdicts(report, err);
        } else {
            String text = patiently(id, () -> api.get(path + "/report?format=siege")).body();
            out.print(text.endsWith("\n") ? text : text + "\n");
            out.flush();
        }
        boolean aborted = false;
        if ("FAILED".equals(state)) {
            err.println("siegegrid: session " + id + " FAILED" + reason(id));
        } else if (spec.abortOnFail()) {
            String why = reason(id);
            aborted = why.startsWith(": threshold failed: ");
            if (aborted) {
                err.println("siegegrid aborted" + why + " (--abort-on-fail)");
            }
        }
        err.flush();
        return aborted ? Main.FAILED : exitCode(state, report);
    }

    /** Polls the live stats until the session has ended; returns its end state. */
    private String follow(String id, SessionSpec spec, StopSignal stop) throws InterruptedException {
        String statsPath = SessionsCommand.path(id) + "/stats";
        long next = ticker.nanoTime() + SECOND;
        long stopAt = 0;
        long lastGood = ticker.nanoTime();
        String lastLine = null;
        boolean stopSent = false;
        while (true) {
            if (stop.requested() && stopAt == 0) {
                stopAt = ticker.nanoTime();
                announceStop();
                next = ticker.nanoTime();
            }
            long now = ticker.nanoTime();
            if (now >= next) {
                next = now + (stopAt == 0 ? SECOND : SECOND / 5);
                if (stopAt != 0 && !stopSent) {
                    stopSent = sendStop(id);
                }
                JsonObject stats;
                try {
                    stats = api.get(statsPath).json();
                    lastGood = ticker.nanoTime();
                } catch (ApiException e) {
                    if (!e.nodeTrouble()) {
                        throw e;
                    }
                    if (ticker.nanoTime() - lastGood > OUTAGE.toNanos()) {
                        throw outage(id, e);
                    }
                    next = Math.min(next, ticker.nanoTime() + RETRY);
                    continue;
                }
                String state = str(stats, "state");
                if (isEnded(state)) {
                    return state;
                }
                String line = progress(stats, spec);
                // a session that ends by itself goes through STOPPING: its last RUNNING line was the final one
                if (!quiet && stopAt == 0 && !"STOPPING".equals(state) && !line.equals(lastLine)) {
                    err.println(line);
                    err.flush();
                }
                lastLine = line;
                if (stopAt != 0 && now - stopAt > STOP_WAIT.toNanos()) {
                    throw new ApiException(0, null, "session " + id + " is still " + state + " "
                            + STOP_WAIT.toSeconds() + "s after the stop; see 'siegegrid sessions show " + id + "'");
                }
            }
            ticker.sleepNanos(Math.min(TICK, Math.max(0, next - ticker.nanoTime())));
        }
    }

    private void announceStop() {
        if (!quiet) {
            err.println("Lifting the server siege...");
            err.flush();
        }
    }

    /** POST .../stop; false when no node took it (tried again at the next poll). */
    private boolean sendStop(String id) {
        try {
            api.post(SessionsCommand.path(id) + "/stop", null);
        } catch (ApiException e) {
            if (e.nodeTrouble()) {
                return false;
            }
            if (!"conflict".equals(e.code())) {
                throw e;
            }
            // it ended by itself meanwhile
        }
        return true;
    }

    /** A call retried, pass after pass over the nodes, until one answers or none has for {@link #OUTAGE}. */
    private ApiClient.Response patiently(String id, Supplier<ApiClient.Response> call) throws InterruptedException {
        long since = ticker.nanoTime();
        while (true) {
            try {
                return call.get();
            } catch (ApiException e) {
                if (!e.nodeTrouble()) {
                    throw e;
                }
                if (ticker.nanoTime() - since > OUTAGE.toNanos()) {
                    throw outage(id, e);
                }
                ticker.sleepNanos(RETRY);
            }
        }
    }

    private static ApiException outage(String id, ApiException last) {
        return new ApiException(last.status(), null, "session " + id + ": no answer for " + OUTAGE.toSeconds() + "s: "
                + last.getMessage(), last.reach());
    }

    private String reason(String id) {
        try {
            String r = str(api.get(SessionsCommand.path(id)).json(), "reason");
            return r == null ? "" : ": " + r;
        } catch (ApiException e) {
            return "";
        }
    }

    static boolean isEnded(String state) {
        return "FINISHED".equals(state) || "FAILED".equals(state);
    }

    /** 1 when the session FAILED, a threshold failed or nothing succeeded; else 0. */
    static int exitCode(String state, JsonObject report) {
        boolean thresholdsOk = JsonFields.objects(report, "thresholds").stream().allMatch(t -> bool(t, "ok"));
        boolean anySuccess = count(report, "successful_transactions") > 0;
        return "FAILED".equals(state) || !thresholdsOk || !anySuccess ? Main.FAILED : Main.OK;
    }

    private static long errors(JsonObject stats) {
        JsonObject e = JsonFields.obj(stats, "errors");
        if (e == null) {
            return count(stats, "failed_transactions");
        }
        long sum = 0;
        for (String k : e.keySet()) {
            sum += count(e, k);
        }
        return sum;
    }

    static void verdicts(JsonObject report, PrintWriter err) {
        for (JsonObject t : JsonFields.objects(report, "thresholds")) {
            Double v = JsonFields.num(t, "value");
            err.printf(Locale.ROOT, "threshold %s: %s (measured %s)%n", bool(t, "ok") ? "ok" : "FAILED", str(t, "expr"),
                    v == null ? "nothing" : Threshold.measured(str(t, "expr"), v));
        }
        err.flush();
    }

    /**
     * The live line, as a local run's: elapsed, the session's target, the achieved rate (responses) in the
     * last whole second (before the first one is whole: in the part of it so far), that second's p99, errors
     * and requests so far; the state when it is not RUNNING.
     */
    static String progress(JsonObject stats, SessionSpec spec) {
        double elapsed = JsonFields.num(stats, "elapsed_time") == null ? 0 : JsonFields.num(stats, "elapsed_time");
        JsonObject last = null;
        JsonObject first = null;
        for (JsonObject p : JsonFields.objects(stats, "series")) {
            first = first == null ? p : first;
            if (JsonFields.num(p, "t") != null && JsonFields.num(p, "t") + 1 <= elapsed + 1e-9) {
                last = p;
            }
        }
        last = last == null ? first : last;
        Double target = last != null && JsonFields.num(last, "target") != null ? JsonFields.num(last, "target")
                : JsonFields.num(stats, "target_rps");
        String targetText = spec.openModel() ? (target == null ? "-" : String.format(Locale.ROOT, "%.0f/s", target))
                : spec.users() + " users";
        double achieved = last == null || JsonFields.num(last, "achieved") == null ? 0 : JsonFields.num(last, "achieved");
        Double p99 = last == null ? null : JsonFields.num(last, "p99");
        long requests = count(stats, "transactions") + count(stats, "failed_transactions");
        String state = str(stats, "state");
        return String.format(Locale.ROOT, "[%6.1fs] target %s  achieved %.0f/s  p99 %s  errors %d  requests %d%s",
                elapsed, targetText, achieved, p99 == null ? "-" : String.format(Locale.ROOT, "%.2f ms", p99),
                errors(stats), requests,
                state == null || state.equals("RUNNING") ? "" : "  (" + state + ")");
    }
}
