package org.siegegrid.web.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.siegegrid.core.load.Engine;
import org.siegegrid.core.load.NativeEngine;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.report.ReportJson;
import org.siegegrid.core.report.SiegeSummary;
import org.siegegrid.core.report.ThresholdResult;
import org.siegegrid.core.session.SessionSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code siegegrid run}: a siege-compatible one-shot load test from this machine. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load-test URLs from this machine, with siege's flags and siege's summary.",
                "Exit: 0 ok, 1 a threshold failed or every request failed, 2 bad usage or input."})
final class RunCommand implements Callable<Integer> {

    /** Makes the engine a run uses; replaceable in tests. */
    @FunctionalInterface
    interface EngineFactory {
        Engine create(SessionSpec spec);
    }

    static volatile EngineFactory engines = spec -> new NativeEngine();

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URL", arity = "0..*", description = "URLs to hit (siege: \"URL [POST data]\")")
    List<String> urls;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "siege URL file")
    String file;

    @Option(names = {"-c", "--concurrent"}, paramLabel = "N", description = "users (siege -c; default 25)")
    Integer users;

    @Option(names = {"-r", "--reps"}, paramLabel = "N", description = "repetitions per user (budget users x reps)")
    Integer reps;

    @Option(names = {"-t", "--time"}, paramLabel = "TIME", description = "run time: 30S, 5M, 1H (bare number: minutes), 500ms")
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

    @Option(names = {"-v", "--verbose"}, description = "print one line per request, like siege (stderr with -j)")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "no progress line; only the summary")
    boolean quiet;

    @Option(names = {"-j", "--json-output"}, description = "print the report as JSON instead of text")
    boolean json;

    @Option(names = "--rps", paramLabel = "N", description = "open model: requests per second (instead of -c)")
    Double rps;

    @Option(names = "--stages", paramLabel = "30s:1000,1m:5000", description = "open model: ramp the rate")
    String stages;

    @Option(names = "--concurrency", paramLabel = "N", description = "max requests in flight")
    Integer concurrency;

    @Option(names = {"-n", "--requests"}, paramLabel = "N", description = "total request budget")
    Long requests;

    @Option(names = "--timeout", paramLabel = "30s", description = "per-request timeout (default 30s)")
    String timeout;

    @Option(names = "--threshold", paramLabel = "EXPR", description = "pass/fail rule, e.g. \"p99 < 200ms\" (repeatable)")
    List<String> thresholds;

    @Option(names = "--name", paramLabel = "NAME", description = "session name")
    String name;

    @Option(names = "--api", paramLabel = "URL", description = "run on a cluster through this node's API instead of here")
    String api;

    @Option(names = "--token", paramLabel = "TOKEN", description = "with --api: bearer token (default: $SIEGEGRID_API_TOKEN)")
    String token;

    RunFlags flags() {
        return new RunFlags(urls, file, users, reps, time, delay, benchmark, random, headers, agent,
                contentType, rps, stages, concurrency, requests, timeout, thresholds, name);
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SpecAssembler.Result r = new SpecAssembler(
                path -> Files.readString(Path.of(path), StandardCharsets.UTF_8), System.getenv()).assemble(flags());
        if (!r.ok()) {
            throw new UsageError(r.problems().stream().map(Object::toString).collect(Collectors.joining("; ")));
        }
        SessionSpec s = r.spec();
        if (api != null) {
            try (SignalStop stop = new SignalStop()) {
                return new RemoteRun(ApiClient.of(api, ApiOptions.token(token, ApiOptions.env)), out, err, quiet, json,
                        Ticker.SYSTEM).run(s, stop);
            }
        }
        // -v: siege's line per request on stdout (stderr with -j, so that stdout stays JSON); -q wins
        VerboseLines lines = verbose && !quiet ? new VerboseLines(json ? err : out) : null;
        Report report = LocalRun.run(engines.create(s), s, quiet ? null : err, Ticker.SYSTEM, lines);
        if (lines != null) {
            lines.flush();
        }
        if (json) {
            out.println(ReportJson.toJson(report));
            thresholdVerdicts(report, err);
        } else {
            out.print(SiegeSummary.format(report));
        }
        out.flush();
        return exitCode(report);
    }

    /** 1 when a threshold failed or nothing succeeded; else 0. */
    static int exitCode(Report report) {
        boolean allFailed = report.successfulTransactions() == 0;
        return report.thresholdsOk() && !allFailed ? Main.OK : Main.FAILED;
    }

    private static void thresholdVerdicts(Report report, PrintWriter err) {
        for (ThresholdResult t : report.thresholds()) {
            err.printf(Locale.ROOT, "threshold %s: %s (measured %.3f)%n", t.ok() ? "ok" : "FAILED", t.expr(), t.value());
        }
    }
}
