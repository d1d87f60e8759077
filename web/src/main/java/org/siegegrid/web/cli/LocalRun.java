package org.siegegrid.web.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

import org.siegegrid.core.load.Engine;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.load.RateProfile;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.IntervalStats;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.report.ReportBuilder;
import org.siegegrid.core.report.RunStats;
import org.siegegrid.core.report.ThresholdAbort;
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
        return run(engine, spec, progress, ticker, null);
    }

    /** ... and {@code verbose} (not null: {@code -v}) gets every request; then no progress line is drawn. */
    static Report run(Engine engine, SessionSpec spec, PrintWriter progress, Ticker ticker, VerboseLines verbose)
            throws InterruptedException {
        return run(engine, spec, progress, ticker, verbose, true);
    }

    /** ... and {@code banner} false: no siege banner before the progress lines (siege prints none with {@code -j}). */
    static Report run(Engine engine, SessionSpec spec, PrintWriter progress, Ticker ticker, VerboseLines verbose,
                      boolean banner) throws InterruptedException {
        return runFull(engine, spec, progress, ticker, verbose, banner).report();
    }

    /**
     * The report, whether the run stopped at its failures bound (siege's "aborted due to excessive socket
     * failure"), and why a failing threshold stopped it ({@code --abort-on-fail}; null when none did).
     */
    record Outcome(Report report, boolean abortedByFailures, String thresholdAbort) {
    }

    static Outcome runFull(Engine engine, SessionSpec spec, PrintWriter progress, Ticker ticker, VerboseLines verbose,
                           boolean banner) throws InterruptedException {
        LoadPlan plan = LoadPlan.from(spec);
        try (engine;
             LoadRunner runner = engine.newRunner(plan);
             SignalStop stop = new SignalStop()) {
            runner.requestLog(verbose);
            RunStats stats = RunStats.withWarmup(spec.warmupSeconds());
            long start = ticker.nanoTime();
            RateProfile profile = plan.profile();
            ToDoubleFunction<IntervalStats> targetOf = profile == null ? null : iv -> meanRate(profile, iv, start);
            ProgressLine line = progress == null || verbose != null ? null
                    : new ProgressLine(progress, targetOf, spec.users(), start);
            if (progress != null && banner) {
                progress.println("** SiegeGrid");
                progress.println(spec.openModel() ? "** Preparing a rate of requests for battle."
                        : "** Preparing " + spec.users() + " concurrent users for battle.");
                progress.println("The server is now under siege...");
            }
            ThresholdAbort abort = spec.abortOnFail()
                    ? new ThresholdAbort(spec.thresholds(), spec.abortGraceOrZero().toNanos()) : null;
            AtomicReference<String> aborted = new AtomicReference<>();
            RunLoop loop = new RunLoop(ticker, () -> stop.requested() || aborted.get() != null, interval -> {
                stats.add(interval, profile == null ? Double.NaN : meanRate(profile, interval, start));
                long elapsed = interval.endNanos() - start;
                if (abort != null && aborted.get() == null && abort.due(elapsed)) {
                    // the live figures so far, as the progress line: what is in flight may still answer
                    aborted.set(abort.check(ReportBuilder.of(stats).elapsed(Duration.ofNanos(elapsed))
                            .thresholds(spec.thresholds()).warmup(spec.warmupSeconds()).build()));
                }
                if (line != null) {
                    line.accept(interval);
                }
                if (verbose != null) {
                    verbose.flush();
                }
            });
            long quota = spec.requests() == null ? LocalShare.UNLIMITED : spec.requests();
            RunLoop.Outcome outcome = loop.run(runner, plan.wholeShare(quota), spec.duration());
            // stopped by a threshold, not by the user nor by its end (the last interval, taken after the stop, may fail one too)
            String abortReason = outcome.end() == RunLoop.End.INTERRUPTED && !stop.requested() ? aborted.get() : null;
            if (progress != null && outcome.end() == RunLoop.End.INTERRUPTED && abortReason == null) {
                progress.println("Lifting the server siege...");
            }
            long warmup = spec.warmupSeconds();
            ReportBuilder b = ReportBuilder.of(stats).elapsed(Duration.ofNanos(outcome.elapsedNanos()))
                    .thresholds(spec.thresholds()).warmup(warmup).ended(true);
            // the mean target over the measured time the profile was running (from the warm-up to its end, or the stop)
            double secs = Math.min(outcome.elapsedNanos() / 1e9, profile == null ? 0 : profile.endSeconds());
            double from = Math.min(warmup, secs);
            b.targetRps(profile == null ? null : profile.meanRate(from, Math.max(from, secs)));
            return new Outcome(b.build(), runner.abortedByFailures(), abortReason);
        }
    }

    /** The profile's mean rate over the interval (exact, where the runner's {@code due} count jitters). */
    private static double meanRate(RateProfile profile, IntervalStats s, long start) {
        double a = Math.max(0, (s.startNanos() - start) / 1e9);
        return profile.meanRate(a, Math.max(a, (s.endNanos() - start) / 1e9));
    }
}
