package org.siegegrid.web.cli;

import java.io.PrintWriter;
import java.time.Duration;

import org.siegegrid.core.load.Engine;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.IntervalStats;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.report.ReportBuilder;
import org.siegegrid.core.report.RunStats;
import org.siegegrid.core.session.SessionSpec;

/** One session on this machine's engine, start to report: siege's one-shot run. */
final class LocalRun {
    private LocalRun() {
    }

    /**
     * Runs {@code spec} on {@code engine} (closed at the end) with the whole share and returns the
     * report. {@code progress} gets siege's opening lines and a progress line a second; null = quiet.
     */
    static Report run(Engine engine, SessionSpec spec, PrintWriter progress, Ticker ticker)
            throws InterruptedException {
        try (engine;
             LoadRunner runner = engine.newRunner(LoadPlan.from(spec));
             SignalStop stop = new SignalStop()) {
            RunStats stats = new RunStats();
            ProgressLine line = progress == null ? null
                    : new ProgressLine(progress, spec.openModel(), spec.users(), ticker.nanoTime());
            if (progress != null) {
                progress.println("** SiegeGrid");
                progress.println(spec.openModel() ? "** Preparing a rate of requests for battle."
                        : "** Preparing " + spec.users() + " concurrent users for battle.");
                progress.println("The server is now under siege...");
            }
            RunLoop loop = new RunLoop(ticker, stop, interval -> {
                stats.add(interval, spec.openModel() ? targetRate(interval) : Double.NaN);
                if (line != null) {
                    line.accept(interval);
                }
            });
            RunLoop.Outcome outcome = loop.run(runner, share(spec), spec.duration());
            if (progress != null && outcome.end() == RunLoop.End.INTERRUPTED) {
                progress.println("Lifting the server siege...");
            }
            ReportBuilder b = ReportBuilder.of(stats).elapsed(Duration.ofNanos(outcome.elapsedNanos()))
                    .thresholds(spec.thresholds());
            if (!spec.openModel()) {
                b.targetRps(null);
            }
            return b.build();
        }
    }

    private static double targetRate(IntervalStats s) {
        double secs = (s.endNanos() - s.startNanos()) / 1e9;
        return secs <= 0 ? 0 : s.due() / secs;
    }

    /** The whole session on this one node: all users, the whole rate, the whole budget. */
    static LocalShare share(SessionSpec s) {
        int users = s.users() == null ? 0 : s.users();
        int inFlight = s.concurrency() != null ? s.concurrency() : 0;
        long quota = s.requests() == null ? LocalShare.UNLIMITED : s.requests();
        return LocalShare.whole(users, inFlight, quota);
    }
}
