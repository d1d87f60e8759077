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
import org.siegegrid.core.report.SiegeLog;
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

    @Option(names = {"-g", "--get"}, description = "one GET of the (first) URL: print the request and the response's"
            + " headers, as siege -g; no summary")
    boolean siegeGet;

    @Option(names = {"-p", "--print"}, description = "one request of the (first) URL: print the request and the"
            + " response body, as siege -p; no summary")
    boolean siegePrint;

    @Option(names = {"-l", "--log"}, arity = "0..1", fallbackValue = "", paramLabel = "FILE",
            description = "append siege's log line for the run to FILE (attached: -lFILE, --log=FILE; default"
                    + " siegerc logfile, else $HOME/siege.log)")
    String siegeLog;

    @Option(names = {"-m", "--mark"}, paramLabel = "TEXT", description = "write \"**** TEXT ****\" to the log first"
            + " (turns -l on)")
    String siegeMark;

    @Option(names = {"-C", "--config"}, description = "print siege's settings list with the values run would use"
            + " (flags and resource file applied), \"not used\" for the others; no run")
    boolean siegeConfig;

    @Option(names = {"-R", "--rc"}, paramLabel = "FILE", description = "siege's resource file (key = value) for the keys"
            + " that apply; default $SIEGERC, else ~/.siege/siege.conf when it exists; the flags win")
    String siegeRc;

    /** The environment ($HOME, $SIEGERC); replaceable in tests. */
    static volatile java.util.Map<String, String> env = System.getenv();

    /** siege's parser is off here anyway (run fetches no page resources): accepted, nothing to do. */
    @Option(names = "--no-parser", hidden = true)
    boolean siegeNoParser;

    RunFlags flags() {
        return session.with(file);
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
        Path rcFile = SiegeRc.locate(siegeRc, env);
        if (rcFile != null) {
            readRc(rcFile, err);
        }
        if (siegeLog != null && siegeLog.contains("://")) {
            // siege's -l takes only an attached file (getopt): "-l URL" is -l and a URL, as there
            session.urls = session.urls == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(session.urls);
            session.urls.add(0, siegeLog);
            siegeLog = "";
        }
        if (siegeConfig) {
            out.print(SiegeConfig.text(this, rcFile, new Main.Version().getVersion()[0].replace("siegegrid ", "")));
            out.flush();
            return Main.OK;
        }
        SpecAssembler.Result r = new SpecAssembler(
                path -> Files.readString(Path.of(path), StandardCharsets.UTF_8), System.getenv()).assemble(flags());
        if (!r.ok()) {
            throw new UsageError(r.problems().stream().map(Object::toString).collect(Collectors.joining("; ")));
        }
        SessionSpec s = r.spec();
        if (api != null && (siegeLog != null || siegeMark != null)) {
            throw new UsageError("-l/-m are for a local run (the log is this machine's)");
        }
        if (api != null && html != null) {
            throw new UsageError("--html is for a local run; with --api: sessions report ID --format html -o FILE");
        }
        if (siegeGet || siegePrint) {
            // siege -g / -p: one request of the first URL, printed; no load, no summary
            return OneRequest.run(s.targets().get(0), s.http().gzip(), s.timeout(), !siegeGet, out, err);
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
        if (siegeLog != null || siegeMark != null) {
            appendLog(report, err);
        }
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

    /** The resource file's settings applied to the flags left unset; its keys run does not use named in one line. */
    private void readRc(Path file, PrintWriter err) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new UsageError(file + ": cannot read siege's resource file" + (e instanceof java.nio.file.NoSuchFileException
                    ? " (no such file)" : ""));
        }
        SiegeRc.Settings rc = SiegeRc.parse(file, text, env);
        SiegeRc.apply(rc, this);
        rcLogfile = rc.get("logfile");
        if (!rc.ignored().isEmpty() && !quiet) {
            err.println("siegegrid: " + file + ": not used by siegegrid run: " + String.join(", ", rc.ignored()));
            err.flush();
        }
    }

    private String rcLogfile;

    /** The log file: -l's, else the resource file's logfile, else $HOME/siege.log (siege 4.0.7 as packaged: /var/log/log/siege.log). */
    Path logFile() {
        if (siegeLog != null && !siegeLog.isEmpty()) {
            return Path.of(siegeLog);
        }
        if (rcLogfile != null && !rcLogfile.isEmpty()) {
            return Path.of(rcLogfile);
        }
        String home = env.get("HOME");
        return Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home, "siege.log");
    }

    /** siege's log: its header when the file is new, the -m mark, the run's line. A write that fails is said, not fatal. */
    private void appendLog(Report report, PrintWriter err) {
        Path file = logFile();
        try {
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            Files.writeString(file, SiegeLog.append(report, java.time.LocalDateTime.now(), fresh, siegeMark),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            err.println("siegegrid: -l " + file + ": cannot write: " + e.getMessage());
            err.flush();
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
