package org.siegegrid.core.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.siegegrid.core.report.Threshold;

/**
 * Checks a {@link SessionSpec} and returns EVERY problem at once, each naming its field as a JSON path
 * ({@code rps}, {@code targets[2].url}, {@code stages[0].duration}, {@code thresholds[1]}).
 *
 * <p>The load model, one rule: a spec is OPEN (rate) when it has {@code rps} or {@code stages}, CLOSED
 * when it has {@code users}; exactly one model, and inside the open model exactly one of {@code rps}
 * (a constant rate) and {@code stages} (a ramp, as k6's ramping-arrival-rate; their total length is the
 * run's length, so {@code duration} is not given with them). Giving both {@code rps} and
 * {@code stages} is an error rather than "stages win": a silently ignored field is worse than a 400.
 * {@code delay} and {@code benchmark} (siege's -d and -b) belong to the closed model; the siege engine
 * runs the closed model only.
 */
public final class SpecValidator {
    public static final int MAX_NAME = 200;

    /** Messages about the choice of model (across rps, stages, users): hidden when one of those had a type error. */
    static final String NEED_MODEL = "one of rps or stages (open model) or users (closed model) is required";
    static final String RPS_OR_STAGES = "give either rps (a constant rate) or stages (a ramp), not both";
    static final String OPEN_OR_CLOSED = "give either rps/stages (open model) or users (closed model), not both";

    private SpecValidator() {
    }

    public static List<Problem> validate(SessionSpec spec) {
        return validate(spec, Limits.DEFAULT);
    }

    public static List<Problem> validate(SessionSpec spec, Limits limits) {
        List<Problem> p = new ArrayList<>();
        name(spec.name(), p);
        model(spec, limits, p);
        TargetRules.check(spec.targets(), spec.urlsFile() != null ? "urlsFile" : "targets", limits, p);
        if (spec.engine() == EngineKind.SIEGE) {
            siegeTargets(spec, p);
        }
        positive(spec.concurrency(), limits.maxConcurrency(), "concurrency", p);
        if (spec.requests() != null && spec.requests() <= 0) {
            p.add(new Problem("requests", "must be > 0, got " + spec.requests()));
        }
        duration(spec.duration(), limits.maxDuration(), "duration", p);
        duration(spec.timeout(), limits.maxTimeout(), "timeout", p);
        warmup(spec, p);
        abort(spec, p);
        Integer failures = spec.http().failures();
        if (failures != null && failures <= 0) {
            p.add(new Problem("failures", "must be > 0 (socket failures before the run stops), got " + failures));
        }
        for (int i = 0; i < spec.thresholds().size(); i++) {
            try {
                Threshold.parse(spec.thresholds().get(i));
            } catch (IllegalArgumentException e) {
                p.add(new Problem("thresholds[" + i + "]", e.getMessage()));
            }
        }
        return p;
    }

    /** A warm-up is a part of the run: it must leave something to measure. */
    private static void abort(SessionSpec spec, List<Problem> p) {
        if (spec.abortOnFail() && spec.thresholds().isEmpty()) {
            p.add(new Problem("abortOnFail", "aborts on a failing threshold: give at least one in thresholds"));
        }
        Duration g = spec.abortGrace();
        if (g == null) {
            return;
        }
        if (!spec.abortOnFail()) {
            p.add(new Problem("abortGrace", "is the grace of abortOnFail: set abortOnFail too, or leave it out"));
        }
        if (g.isNegative()) {
            p.add(new Problem("abortGrace", "must be >= 0, got " + g));
        } else if (spec.duration() != null && g.compareTo(spec.duration()) >= 0) {
            p.add(new Problem("abortGrace", "must be shorter than the run (" + Durations.format(spec.duration())
                    + "), got " + Durations.format(g)));
        }
    }

    private static void warmup(SessionSpec spec, List<Problem> p) {
        Duration w = spec.warmup();
        if (w == null) {
            return;
        }
        if (w.isNegative()) {
            p.add(new Problem("warmup", "must be >= 0, got " + Durations.format(w)));
            return;
        }
        Duration run = spec.duration();
        if (run == null && !spec.stages().isEmpty()) {
            run = spec.stages().stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
        }
        if (run != null && Duration.ofSeconds(spec.warmupSeconds()).compareTo(run) >= 0) {
            p.add(new Problem("warmup", "must be shorter than the run (" + Durations.format(run) + "), got "
                    + Durations.format(w) + (w.getNano() > 0 ? " (whole seconds: " + spec.warmupSeconds() + "s)" : "")));
        }
    }

    /** The methods siege 4.0.7's URL file sends (it has no HEAD or PATCH). */
    static final List<String> SIEGE_METHODS = List.of("GET", "POST", "PUT", "DELETE", "OPTIONS");

    /**
     * What the siege engine cannot send as asked: a method siege's URL file lacks, or headers that differ
     * between targets (siege sends its {@code -H} headers with every request).
     */
    private static void siegeTargets(SessionSpec s, List<Problem> p) {
        String base = s.urlsFile() != null ? "urlsFile" : "targets";
        for (int i = 0; i < s.targets().size(); i++) {
            Target t = s.targets().get(i);
            if (t == null) {
                continue;
            }
            String m = t.method().toUpperCase(java.util.Locale.ROOT);
            if (!SIEGE_METHODS.contains(m)) {
                p.add(new Problem(base + "[" + i + "].method", "the siege engine sends " + String.join(", ", SIEGE_METHODS)
                        + " (siege's URL file has no " + m + "); use engine native"));
            }
            if (i > 0 && s.targets().get(0) != null && !t.headers().equals(s.targets().get(0).headers())) {
                p.add(new Problem(base + "[" + i + "].headers", "the siege engine sends the same headers with every"
                        + " request (siege -H): give every target the headers of the first, or use engine native"));
            }
        }
    }

    private static void name(String name, List<Problem> p) {
        if (name == null) {
            return;
        }
        if (name.isBlank()) {
            p.add(new Problem("name", "must not be blank (leave it out instead)"));
        } else if (name.length() > MAX_NAME) {
            p.add(new Problem("name", "longer than " + MAX_NAME + " characters"));
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            p.add(new Problem("name", "contains control characters"));
        }
    }

    private static void model(SessionSpec s, Limits limits, List<Problem> p) {
        boolean open = s.rps() != null || !s.stages().isEmpty();
        if (s.rps() != null && !s.stages().isEmpty()) {
            p.add(new Problem("stages", RPS_OR_STAGES));
        }
        if (open && s.users() != null) {
            p.add(new Problem("users", OPEN_OR_CLOSED));
        }
        if (!open && s.users() == null) {
            p.add(new Problem("rps", NEED_MODEL));
        }
        if (s.rps() != null) {
            rate(s.rps(), limits, "rps", true, p);
        }
        stages(s, limits, p);
        positive(s.users(), limits.maxUsers(), "users", p);
        if (open) {
            if (s.delay() != null) {
                p.add(new Problem("delay", "delay is the think time of the closed model (users); the open model paces by rate"));
            }
            if (s.benchmark()) {
                p.add(new Problem("benchmark", "benchmark belongs to the closed model (users)"));
            }
            if (s.engine() == EngineKind.SIEGE) {
                p.add(new Problem("engine", "the siege engine runs the closed model only (users); use native for rps/stages"));
            }
        }
        if (s.delay() != null) {
            if (s.delay().isNegative()) {
                p.add(new Problem("delay", "must not be negative"));
            } else if (s.delay().compareTo(limits.maxDuration()) > 0) {
                p.add(new Problem("delay", "longer than the limit " + Durations.format(limits.maxDuration())));
            } else if (s.benchmark() && !s.delay().isZero()) {
                p.add(new Problem("delay", "benchmark mode has no delay: give one or the other"));
            }
        }
    }

    private static void stages(SessionSpec s, Limits limits, List<Problem> p) {
        if (s.stages().isEmpty()) {
            return;
        }
        Duration total = Duration.ZERO;
        boolean sends = false;
        for (int i = 0; i < s.stages().size(); i++) {
            Stage st = s.stages().get(i);
            if (st == null) {
                p.add(new Problem("stages[" + i + "]", "missing stage"));
                continue;
            }
            String f = "stages[" + i + "]";
            if (st.duration() == null) {
                p.add(new Problem(f + ".duration", "required"));
            } else if (st.duration().isNegative() || st.duration().isZero()) {
                p.add(new Problem(f + ".duration", "must be > 0"));
            } else {
                total = total.plus(st.duration());
            }
            rate(st.rps(), limits, f + ".rps", false, p);
            sends |= st.rps() != 0;
        }
        if (!sends) {
            p.add(new Problem("stages", "every stage has rps 0: the session would send nothing"));
        }
        if (total.compareTo(limits.maxDuration()) > 0) {
            p.add(new Problem("stages", "total length " + Durations.format(total) + " is above the limit "
                    + Durations.format(limits.maxDuration())));
        }
        if (s.duration() != null) {
            p.add(new Problem("duration", "the stages set the duration (" + Durations.format(total) + "); leave duration out"));
        }
    }

    private static void rate(double rps, Limits limits, String field, boolean strictlyPositive, List<Problem> p) {
        if (Double.isNaN(rps) || Double.isInfinite(rps)) {
            p.add(new Problem(field, "must be a finite number"));
        } else if (strictlyPositive ? rps <= 0 : rps < 0) {
            p.add(new Problem(field, (strictlyPositive ? "must be > 0" : "must be >= 0") + ", got " + plain(rps)));
        } else if (rps > limits.maxRps()) {
            p.add(new Problem(field, plain(rps) + " is above the limit of " + plain(limits.maxRps()) + " requests/s"));
        }
    }

    private static void positive(Integer v, int max, String field, List<Problem> p) {
        if (v == null) {
            return;
        }
        if (v <= 0) {
            p.add(new Problem(field, "must be > 0, got " + v));
        } else if (v > max) {
            p.add(new Problem(field, v + " is above the limit of " + max));
        }
    }

    private static void duration(Duration d, Duration max, String field, List<Problem> p) {
        if (d == null) {
            return;
        }
        if (d.isNegative() || d.isZero()) {
            p.add(new Problem(field, "must be > 0"));
        } else if (d.compareTo(max) > 0) {
            p.add(new Problem(field, Durations.format(d) + " is above the limit of " + Durations.format(max)));
        }
    }

    static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
