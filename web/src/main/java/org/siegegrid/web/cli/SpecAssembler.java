package org.siegegrid.web.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.siegegrid.core.session.BasicAuth;
import org.siegegrid.core.session.EngineKind;
import org.siegegrid.core.session.HttpOptions;
import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.Problem;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SpecValidator;
import org.siegegrid.core.session.Stage;
import org.siegegrid.core.session.Target;
import org.siegegrid.core.session.UrlFileException;
import org.siegegrid.core.session.UrlFileParser;

/**
 * Turns {@code run}'s flags into a validated {@link SessionSpec} with siege's meanings. Every
 * problem is collected (named by its flag, or {@code file:line}), not just the first: first the
 * flags' own (conflicts, unparseable values), then {@link SpecValidator}'s, renamed to flags.
 */
final class SpecAssembler {
    /** siege's default number of users (siegerc {@code concurrent = 25}). */
    static final int SIEGE_DEFAULT_USERS = 25;

    /** Reads the {@code -f} file. */
    @FunctionalInterface
    interface FileReader {
        String read(String path) throws IOException;
    }

    /** The spec (null when there were problems) and the problems found. */
    record Result(SessionSpec spec, List<Problem> problems) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    private final FileReader files;
    private final Map<String, String> env;
    private final List<Problem> problems = new ArrayList<>();
    private String urlsFileText;

    SpecAssembler(FileReader files, Map<String, String> env) {
        this.files = files;
        this.env = env;
    }

    Result assemble(RunFlags f) {
        problems.clear();
        urlsFileText = null;
        boolean open = f.openModel();
        conflicts(f, open);
        Duration duration = parse(() -> Args.time("-t", f.time()), f.time());
        Duration delay = parse(() -> Args.duration("-d", f.delay()), f.delay());
        Duration timeout = parse(() -> Args.duration("--timeout", f.timeout()), f.timeout());
        Duration warmup = parse(() -> Args.duration("--warmup", f.warmup()), f.warmup());
        Duration abortGrace = parse(() -> Args.duration("--abort-grace", f.abortGrace()), f.abortGrace());
        List<Stage> stages = f.stages() == null ? List.of() : parse(() -> Args.stages("--stages", f.stages()), f.stages());
        positive("-c", f.users());
        if (f.reps() == null || f.reps() != SpecFlags.Reps.ONCE) {
            positive("-r", f.reps());
        }
        positive("--concurrency", f.concurrency());
        positive("--requests", f.requests());
        positive("--failures", f.failures());
        if (f.login() != null && f.login().indexOf(':') <= 0) {
            problems.add(new Problem("--login", "expected USER:PASS, got \"" + (f.login().isEmpty() ? "" : "...") + "\""));
        }
        if (f.rps() != null && (!(f.rps() > 0) || f.rps().isInfinite())) {
            problems.add(new Problem("--rps", "must be a positive number: " + f.rps()));
        }
        Map<String, String> headers = headers(f);
        List<Target> targets = targets(f, headers);
        if (!problems.isEmpty()) {
            return new Result(null, List.copyOf(problems));
        }
        Integer users = open ? null : f.users() == null ? SIEGE_DEFAULT_USERS : f.users();
        // -r once: each user goes through the URLs once (siege), so a budget of users x URLs
        Integer reps = f.reps() != null && f.reps() == SpecFlags.Reps.ONCE ? Integer.valueOf(targets.size()) : f.reps();
        Long requests = reps != null && users != null ? Long.valueOf((long) users * reps) : f.requests();
        SessionSpec spec = new SessionSpec(f.name() == null ? "run" : f.name(), targets, urlsFileText,
                f.random() ? Order.RANDOM : Order.SEQUENTIAL, f.rps(), stages, users,
                f.benchmark() ? null : delay, f.benchmark(), f.concurrency(), requests, duration, timeout,
                EngineKind.NATIVE, f.thresholds(), warmup, http(f, open)).withAbort(f.abortOnFail(), abortGrace);
        for (Problem p : SpecValidator.validate(spec)) {
            problems.add(new Problem(flagOf(p.field(), f), p.message()));
        }
        return problems.isEmpty() ? new Result(spec, List.of()) : new Result(null, List.copyOf(problems));
    }

    /** siege's HTTP behaviour: on unless turned off; the failures bound as typed (run adds siege's default). */
    static HttpOptions http(RunFlags f, boolean open) {
        return new HttpOptions(!f.noFollow(), !f.noCookies(), true, f.failures());
    }

    private void conflicts(RunFlags f, boolean open) {
        if (f.users() != null && open) {
            problems.add(new Problem("-c", "conflicts with " + (f.rps() != null ? "--rps" : "--stages")
                    + ": give users (-c) or a rate (--rps/--stages), not both"));
        }
        if (f.rps() != null && f.stages() != null) {
            problems.add(new Problem("--rps", "conflicts with --stages: give one of them"));
        }
        if (f.stages() != null && f.time() != null) {
            problems.add(new Problem("-t", "the stages set the run time; leave -t out"));
        }
        if (f.reps() != null && open) {
            problems.add(new Problem("-r", "counts repetitions per user (-c); with --rps use --requests N"));
        }
        if (f.reps() != null && f.requests() != null) {
            problems.add(new Problem("-r", "conflicts with --requests: give one of them"));
        }
        if (open && f.delay() != null) {
            problems.add(new Problem("-d", "is the think time of users (-c); it has no meaning with a rate"));
        }
        if (open && f.benchmark()) {
            problems.add(new Problem("-b", "is for users (-c); a rate (--rps) has no think time anyway"));
        }
        if (!f.urls().isEmpty() && f.file() != null) {
            problems.add(new Problem("-f", "give URLs or -f FILE, not both"));
        }
        if (f.urls().isEmpty() && f.file() == null) {
            problems.add(new Problem("URL", "no URL: give one or more URLs, or -f FILE"));
        }
    }

    private <T> T parse(Supplier<T> parser, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return parser.get();
        } catch (UsageError e) {
            problems.add(new Problem("", e.getMessage()));
            return null;
        }
    }

    private void positive(String flag, Number n) {
        if (n != null && n.longValue() <= 0) {
            problems.add(new Problem(flag, "must be a positive number: " + n));
        }
    }

    private Map<String, String> headers(RunFlags f) {
        Map<String, String> h = new LinkedHashMap<>();
        for (String raw : f.headers()) {
            try {
                String[] nv = Args.header("-H", raw);
                h.put(nv[0], nv[1]);
            } catch (UsageError e) {
                problems.add(new Problem("", e.getMessage()));
            }
        }
        if (f.agent() != null) {
            h.put("User-Agent", f.agent());
        }
        return h;
    }

    private List<Target> targets(RunFlags f, Map<String, String> flagHeaders) {
        List<Target> parsed = new ArrayList<>();
        if (f.file() != null) {
            parsed.addAll(fromFile(f.file()));
        } else {
            Path cwd = Path.of("").toAbsolutePath();
            for (String u : f.urls()) {
                try {
                    parsed.addAll(UrlFileParser.parse(u, "URL", cwd, env));
                } catch (UrlFileException e) {
                    e.errors().forEach(le -> problems.add(new Problem("URL", le.message())));
                }
            }
        }
        List<Target> out = new ArrayList<>(parsed.size());
        for (Target t : parsed) {
            Map<String, String> h = new LinkedHashMap<>(t.headers());
            h.putAll(flagHeaders);
            if (f.contentType() != null && t.body() != null) {
                h.keySet().removeIf("Content-Type"::equalsIgnoreCase);
                h.put("Content-Type", f.contentType());
            }
            out.add(BasicAuth.withLogin(BasicAuth.lift(new Target(t.url(), t.method(), h, t.body())), f.login()));
        }
        return out;
    }

    private List<Target> fromFile(String file) {
        String text;
        try {
            text = files.read(file);
        } catch (NoSuchFileException e) {
            problems.add(new Problem(file, "no such file"));
            return List.of();
        } catch (IOException e) {
            problems.add(new Problem(file, "cannot read: " + e.getMessage()));
            return List.of();
        }
        urlsFileText = text;
        try {
            Path dir = Path.of(file).toAbsolutePath().getParent();
            List<Target> targets = UrlFileParser.parse(text, file, dir, env);
            if (targets.isEmpty()) {
                problems.add(new Problem(file, "no URL in the file"));
            }
            return targets;
        } catch (UrlFileException e) {
            e.errors().forEach(le -> problems.add(new Problem("", le.toString())));
            return List.of();
        }
    }

    /** The flag a user typed for a spec field that {@link SpecValidator} named. */
    static String flagOf(String field, RunFlags f) {
        String root = field == null ? "" : field.replaceAll("[.\\[].*", "");
        return switch (root) {
            case "users" -> "-c";
            case "rps" -> "--rps";
            case "stages" -> "--stages";
            case "requests" -> f.reps() != null ? "-r" : "--requests";
            case "duration" -> "-t";
            case "delay" -> "-d";
            case "benchmark" -> "-b";
            case "timeout" -> "--timeout";
            case "warmup" -> "--warmup";
            case "concurrency" -> "--concurrency";
            case "thresholds" -> "--threshold";
            case "abortOnFail" -> "--abort-on-fail";
            case "abortGrace" -> "--abort-grace";
            case "name" -> "--name";
            case "failures" -> "--failures";
            case "targets", "urlsFile" -> f.file() != null ? f.file() : "URL";
            default -> field;
        };
    }
}
