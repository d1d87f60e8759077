package org.siegegrid.web.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.siegegrid.core.session.EngineKind;
import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.Problem;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.Stage;
import org.siegegrid.core.session.Target;

/**
 * Turns {@code run}'s flags into a {@link SessionSpec} with siege's meanings, collecting every
 * problem (named by its flag, or {@code file:line}) instead of stopping at the first.
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
    private final List<Problem> problems = new ArrayList<>();

    SpecAssembler(FileReader files) {
        this.files = files;
    }

    Result assemble(RunFlags f) {
        problems.clear();
        boolean open = f.openModel();
        conflicts(f, open);
        Duration duration = parse("-t", () -> Args.time("-t", f.time()), f.time());
        Duration delay = parse("-d", () -> Args.duration("-d", f.delay()), f.delay());
        Duration timeout = parse("--timeout", () -> Args.duration("--timeout", f.timeout()), f.timeout());
        List<Stage> stages = f.stages() == null ? List.of()
                : parse("--stages", () -> Args.stages("--stages", f.stages()), f.stages());
        positive("-c", f.users());
        positive("-r", f.reps());
        positive("--concurrency", f.concurrency());
        positive("--requests", f.requests());
        if (f.rps() != null && (!(f.rps() > 0) || f.rps().isInfinite())) {
            problems.add(new Problem("--rps", "must be a positive number: " + f.rps()));
        }
        Map<String, String> headers = headers(f);
        List<Target> targets = targets(f, headers);
        Integer users = open ? null : f.users() == null ? SIEGE_DEFAULT_USERS : f.users();
        Long requests = f.requests();
        if (f.reps() != null && users != null && f.reps() > 0 && users > 0) {
            requests = (long) users * f.reps();
        }
        if (!problems.isEmpty()) {
            return new Result(null, List.copyOf(problems));
        }
        SessionSpec spec = new SessionSpec(f.name() == null ? "run" : f.name(), targets, urlsFileText,
                f.random() ? Order.RANDOM : Order.SEQUENTIAL, f.rps(), stages, users,
                f.benchmark() ? null : delay, f.benchmark(), f.concurrency(), requests, duration, timeout,
                EngineKind.NATIVE, f.thresholds());
        return new Result(spec, List.of());
    }

    private String urlsFileText;

    private void conflicts(RunFlags f, boolean open) {
        if (f.users() != null && open) {
            problems.add(new Problem("-c", "conflicts with " + (f.rps() != null ? "--rps" : "--stages")
                    + ": give users (-c) or a rate (--rps/--stages), not both"));
        }
        if (f.rps() != null && f.stages() != null) {
            problems.add(new Problem("--rps", "conflicts with --stages: give one of them"));
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

    private <T> T parse(String flag, Supplier<T> parser, String raw) {
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
            String text;
            try {
                text = files.read(f.file());
            } catch (NoSuchFileException e) {
                problems.add(new Problem("-f", "no such file: " + f.file()));
                return List.of();
            } catch (IOException e) {
                problems.add(new Problem("-f", "cannot read " + f.file() + ": " + e.getMessage()));
                return List.of();
            }
            urlsFileText = text;
            parsed.addAll(UrlLines.parse(f.file(), text, problems));
            if (parsed.isEmpty() && problems.isEmpty()) {
                problems.add(new Problem(f.file(), "no URL in the file"));
            }
        } else {
            urlsFileText = null;
            for (String u : f.urls()) {
                parsed.addAll(UrlLines.parse("URL", u, problems));
            }
        }
        List<Target> out = new ArrayList<>(parsed.size());
        for (Target t : parsed) {
            Map<String, String> h = new LinkedHashMap<>(t.headers());
            h.putAll(flagHeaders);
            if (f.contentType() != null && t.body() != null) {
                h.put("Content-Type", f.contentType());
            }
            out.add(new Target(t.url(), t.method(), h, t.body()));
        }
        return out;
    }

    /** Interim siege URL-line reading ("URL", "URL POST data"); the session package's parser replaces it. */
    static final class UrlLines {
        private UrlLines() {
        }

        static List<Target> parse(String source, String text, List<Problem> problems) {
            List<Target> out = new ArrayList<>();
            String[] lines = text.split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String where = "URL".equals(source) ? "URL" : source + ":" + (i + 1);
                String[] parts = line.split("\\s+", 3);
                String url = parts[0].contains("://") ? parts[0] : "http://" + parts[0];
                String bad = urlProblem(url);
                if (bad != null) {
                    problems.add(new Problem(where, bad + ": '" + parts[0] + "'"));
                    continue;
                }
                String method = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "GET";
                if (!method.matches("[A-Z]+")) {
                    problems.add(new Problem(where, "expected 'URL [METHOD [data]]', got '" + line + "'"));
                    continue;
                }
                out.add(new Target(url, method, Map.of(), parts.length > 2 ? parts[2] : null));
            }
            return out;
        }

        private static String urlProblem(String url) {
            try {
                URI u = new URI(url);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    return "not an http(s) URL";
                }
                if (u.getHost() == null) {
                    return "URL without a host";
                }
                return null;
            } catch (URISyntaxException e) {
                return "bad URL (" + e.getReason() + ")";
            }
        }
    }
}
