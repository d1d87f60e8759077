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

    @Option(names = "--api", paramLabel = "URL[,URL...]",
            description = "run on a cluster through this node's API instead of here; several nodes (comma-separated"
                    + " or repeated): the next one when the one followed stops answering")
    List<String> api;

    @Option(names = "--token", paramLabel = "TOKEN", description = "with --api: bearer token (default: $SIEGEGRID_API_TOKEN)")
    String token;

    @Option(names = "--cacert", paramLabel = "FILE", description = "with --api: PEM certificate(s) to trust for"
            + " https:// nodes, besides the JDK's trust store (default: $" + ClientTls.ENV_CACERT + ")")
    String cacert;

    RunFlags flags() {
        return session.with(file);
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
            ApiClient client = RemoteRun.client(api, ApiOptions.token(token, ApiOptions.env),
                    ClientTls.context(ClientTls.cacert(cacert, ApiOptions.env)));
            try (SignalStop stop = new SignalStop()) {
                return new RemoteRun(client, out, err, quiet, json, Ticker.SYSTEM).run(s, stop);
            }
        }
        // -v: siege's line per request on stdout (stderr with -j, so that stdout stays JSON); -q wins
        VerboseLines lines = verbose && !quiet ? new VerboseLines(json ? err : out) : null;
        Report report = LocalRun.run(engines.create(s), s, quiet ? null : err, Ticker.SYSTEM, lines, !json);
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
