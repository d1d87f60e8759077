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
import org.siegegrid.core.report.ReportHtml;
import org.siegegrid.core.report.ReportJson;
import org.siegegrid.core.report.SiegeSummary;
import org.siegegrid.core.report.Threshold;
import org.siegegrid.core.report.ThresholdResult;
import org.siegegrid.core.session.HttpOptions;
import org.siegegrid.core.session.SessionSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code siegegrid run}: a siege-compatible one-shot load test from this machine. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load-test URLs from this machine, with siege's flags and siege's summary.",
                "Exit: 0 ok, 1 a threshold failed or every request failed, 2 bad usage or input,",
                "3 no node reached (--api) or an internal error."})
final class RunCommand implements Callable<Integer> {

    /** Makes the engine a run uses; replaceable in tests. */
    @FunctionalInterface
    interface EngineFactory {
        Engine create(SessionSpec spec);
    }

    static volatile EngineFactory engines = spec -> new NativeEngine();

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "siege URL file")
    String file;

    @Mixin
    SpecFlags session;

    @Option(names = {"-v", "--verbose"}, description = "print one line per request, like siege (stderr with -j)")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "no progress line; only the summary")
    boolean quiet;

    @Option(names = {"-j", "--json-output"}, description = "print the report as JSON instead of text")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE", description = "also write the report as a self-contained HTML page"
            + " to FILE (with --api: sessions report ID --format html -o FILE)")
    Path html;

    @Option(names = "--api", paramLabel = "URL[,URL...]",
            description = "run on a cluster through this node's API instead of here; several nodes (comma-separated"
                    + " or repeated): the next one when the one followed stops answering")
    List<String> api;

    @Option(names = "--token", paramLabel = "TOKEN", description = "with --api: bearer token (default: $SIEGEGRID_API_TOKEN)")
    String token;

    @Option(names = "--cacert", paramLabel = "FILE", description = "with --api: PEM certificate(s) to trust for"
            + " HTTPS nodes, besides the JDK's trust store (default: $" + ClientTls.ENV_CACERT + ")")
    String cacert;

    // siege 4.0.7's flags that run does not implement: accepted by the parser only to be named in the error
    @Option(names = {"-C", "--config"}, hidden = true)
    boolean siegeConfig;

    @Option(names = {"-g", "--get"}, hidden = true)
    boolean siegeGet;

    @Option(names = {"-p", "--print"}, hidden = true)
    boolean siegePrint;

    @Option(names = {"-l", "--log"}, hidden = true, arity = "0..1", fallbackValue = "")
    String siegeLog;

    @Option(names = {"-m", "--mark"}, hidden = true)
    String siegeMark;

    @Option(names = {"-R", "--rc"}, hidden = true)
    String siegeRc;

    /** siege's parser is off here anyway (run fetches no page resources): accepted, nothing to do. */
    @Option(names = "--no-parser", hidden = true)
    boolean siegeNoParser;

    RunFlags flags() {
        return session.with(file);
    }

    /** The first siege flag given that run does not implement, as "-g (get)", or null. */
    String unsupportedSiegeFlag() {
        if (siegeConfig) {
            return "-C (config)";
        }
        if (siegeGet) {
            return "-g (get)";
        }
        if (siegePrint) {
            return "-p (print)";
        }
        if (siegeLog != null) {
            return "-l (log)";
        }
        if (siegeMark != null) {
            return "-m (mark)";
        }
        if (siegeRc != null) {
            return "-R (rc)";
        }
        return null;
    }

    /**
     * A run that needs more connections at once than this process may open would stall on its first
     * thousands of failed connects: refused before it starts, naming the limit and what to do.
     */
    static String tooManyConnections(SessionSpec s) {
        long max = org.siegegrid.core.load.LoadPlan.maxConnections();
        int need = s.openModel() ? (s.concurrency() == null ? 0 : s.concurrency()) : s.users();
        if (need <= max) {
            return null;
        }
        String what = s.openModel() ? "--concurrency " + need : "-c " + need;
        return what + ": needs " + need + " connections at once, but this process may open "
                + org.siegegrid.core.load.LoadPlan.fileLimit() + " files (ulimit -n), "
                + org.siegegrid.core.load.LoadPlan.FD_RESERVED + " of them kept for the JVM: use at most " + max
                + (s.openModel() ? " connections" : " users") + ", or raise the limit (ulimit -n)";
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String unsupported = unsupportedSiegeFlag();
        if (unsupported != null) {
            throw new UsageError("siege flag " + unsupported + " is not supported by siegegrid run");
        }
        SpecAssembler.Result r = new SpecAssembler(
                path -> Files.readString(Path.of(path), StandardCharsets.UTF_8), System.getenv()).assemble(flags());
        if (!r.ok()) {
            throw new UsageError(r.problems().stream().map(Object::toString).collect(Collectors.joining("; ")));
        }
        SessionSpec s = r.spec();
        if (api != null && html != null) {
            throw new UsageError("--html is for a local run; with --api: sessions report ID --format html -o FILE");
        }
        if (api != null) {
            ApiClient client = RemoteRun.client(api, ApiOptions.token(token, ApiOptions.env),
                    ClientTls.context(ClientTls.cacert(cacert, ApiOptions.env)));
            try (SignalStop stop = new SignalStop()) {
                return new RemoteRun(client, out, err, quiet, json, Ticker.SYSTEM).run(s, stop);
            }
        }
        String tooMany = tooManyConnections(s);
        if (tooMany != null) {
            throw new UsageError(tooMany);
        }
        if (s.http().failures() == null && !s.openModel()) {
            // siege's failures = 1024 for a run of users (siege's model); a rate has no siege default (a blip at
            // 20,000/s is 1,024 failures in 50 ms): there only --failures sets one
            s = s.withHttp(s.http().withFailures(HttpOptions.SIEGE_FAILURES));
        }
        // -v: siege's line per request on stdout (stderr with -j, so that stdout stays JSON); -q wins
        VerboseLines lines = verbose && !quiet ? new VerboseLines(json ? err : out) : null;
        LocalRun.Outcome run = LocalRun.runFull(engines.create(s), s, quiet ? null : err, Ticker.SYSTEM, lines, !json);
        Report report = run.report();
        if (lines != null) {
            lines.flush();
        }
        if (html != null) {
            writeHtml(report, s, err);
        }
        if (json) {
            out.println(ReportJson.toJson(report));
            thresholdVerdicts(report, err);
        } else {
            out.print(SiegeSummary.format(report));
        }
        out.flush();
        if (run.thresholdAbort() != null) {
            err.println("siegegrid aborted: " + run.thresholdAbort() + " (--abort-on-fail)");
            err.flush();
            return Main.FAILED;
        }
        if (run.abortedByFailures()) {
            // siege's words, its threshold's name ours; siege 4.0.7 exits 0 here, we exit 1
            err.println("siegegrid aborted due to excessive socket failure (" + s.http().failures()
                    + "); you can change the failure threshold with --failures N");
            err.flush();
            return Main.FAILED;
        }
        return exitCode(report);
    }

    private void writeHtml(Report report, SessionSpec s, PrintWriter err) {
        List<String> targets = s.targets().stream().map(t -> t.method() + " " + t.url()).toList();
        try {
            Files.writeString(html, ReportHtml.page(report, new ReportHtml.Meta(null, s.name(), targets), List.of()));
        } catch (java.io.IOException e) {
            err.println("siegegrid: --html " + html + ": cannot write: " + e.getMessage());
        }
    }

    /** 1 when a threshold failed or nothing succeeded; else 0. */
    static int exitCode(Report report) {
        boolean allFailed = report.successfulTransactions() == 0;
        return report.thresholdsOk() && !allFailed ? Main.OK : Main.FAILED;
    }

    private static void thresholdVerdicts(Report report, PrintWriter err) {
        for (ThresholdResult t : report.thresholds()) {
            err.printf(Locale.ROOT, "threshold %s: %s (measured %s)%n", t.ok() ? "ok" : "FAILED", t.expr(),
                    Threshold.measured(t.expr(), t.value()));
        }
    }
}
