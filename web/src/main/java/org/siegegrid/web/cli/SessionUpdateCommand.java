package org.siegegrid.web.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.siegegrid.core.session.Durations;
import org.siegegrid.core.session.Stage;
import org.siegegrid.core.session.Target;
import org.siegegrid.core.session.UrlFileException;
import org.siegegrid.core.session.UrlFileParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sessions update ID}: a JSON merge patch of what may change on a running session (rate,
 * stages, users, budget, duration, targets). {@code none} clears the budget or the duration.
 */
@Command(name = "update", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Change a session while it runs; the nodes follow within a round.",
                "--rps replaces --stages and vice versa; --requests none / --duration none remove a limit."})
final class SessionUpdateCommand extends AdminCommand {
    static final String NONE = "none";

    @Parameters(paramLabel = "ID", description = "session id")
    String id;

    @Option(names = "--rps", paramLabel = "N", description = "new rate, requests/s")
    Double rps;

    @Option(names = "--stages", paramLabel = "30s:1000,1m:5000", description = "new ramp")
    String stages;

    @Option(names = {"-c", "--concurrent", "--users"}, paramLabel = "N", description = "new number of users")
    Integer users;

    @Option(names = {"-n", "--requests"}, paramLabel = "N|none", description = "new total request budget")
    String requests;

    @Option(names = {"-t", "--time", "--duration"}, paramLabel = "TIME|none", description = "new run time from the start: 30S, 5M")
    String duration;

    @Option(names = "--url", paramLabel = "\"URL [POST data]\"", description = "new targets (repeatable)")
    List<String> urls;

    @Override
    int execute(ApiClient api) {
        String patch = patch().toString();
        JsonObject s = api.patch(SessionsCommand.path(id), patch).json();
        if (json) {
            printJson(s);
        } else {
            out().println("session " + JsonFields.str(s, "id") + " updated to version " + JsonFields.str(s, "version")
                    + ": " + SessionView.load(JsonFields.obj(s, "spec"))
                    + (SessionView.limit(JsonFields.obj(s, "spec")) == null ? ""
                    : ", limit " + SessionView.limit(JsonFields.obj(s, "spec"))));
        }
        return Main.OK;
    }

    /** The merge patch the flags ask for; UsageError listing every bad flag. */
    JsonObject patch() {
        JsonObject p = new JsonObject();
        List<String> problems = new ArrayList<>();
        if (rps != null) {
            if (!(rps > 0) || rps.isInfinite()) {
                problems.add("--rps: must be a positive number: " + rps);
            }
            p.addProperty("rps", rps);
        }
        if (stages != null) {
            collect(problems, () -> p.add("stages", stagesJson(Args.stages("--stages", stages))));
        }
        if (users != null) {
            if (users <= 0) {
                problems.add("-c: must be a positive number: " + users);
            }
            p.addProperty("users", users);
        }
        if (requests != null) {
            collect(problems, () -> p.add("requests", budget(requests)));
        }
        if (duration != null) {
            collect(problems, () -> {
                if (NONE.equalsIgnoreCase(duration.strip())) {
                    p.add("duration", JsonNull.INSTANCE);
                } else {
                    p.addProperty("duration", Durations.format(Args.time("-t", duration)));
                }
            });
        }
        if (urls != null && !urls.isEmpty()) {
            collect(problems, () -> p.add("targets", targets(urls)));
        }
        if (rps != null && stages != null) {
            problems.add("--rps: conflicts with --stages: give one of them");
        }
        if (p.size() == 0 && problems.isEmpty()) {
            problems.add("nothing to update: give --rps, --stages, -c, -n, -t or --url");
        }
        if (!problems.isEmpty()) {
            throw new UsageError(String.join("; ", problems));
        }
        return p;
    }

    private static void collect(List<String> problems, Runnable r) {
        try {
            r.run();
        } catch (UsageError e) {
            problems.add(e.getMessage());
        }
    }

    private static JsonElement budget(String text) {
        if (NONE.equalsIgnoreCase(text.strip())) {
            return JsonNull.INSTANCE;
        }
        try {
            long n = Long.parseLong(text.strip());
            if (n <= 0) {
                throw new UsageError("-n: must be a positive number: " + text);
            }
            return new JsonPrimitive(n);
        } catch (NumberFormatException e) {
            throw new UsageError("-n: not a whole number (or 'none'): '" + text + "'");
        }
    }

    static JsonArray stagesJson(List<Stage> stages) {
        JsonArray a = new JsonArray();
        for (Stage st : stages) {
            JsonObject o = new JsonObject();
            o.addProperty("duration", Durations.format(st.duration()));
            o.addProperty("rps", st.rps());
            a.add(o);
        }
        return a;
    }

    private static JsonArray targets(List<String> urls) {
        JsonArray a = new JsonArray();
        Path cwd = Path.of("").toAbsolutePath();
        List<String> errors = new ArrayList<>();
        for (String u : urls) {
            try {
                for (Target t : UrlFileParser.parse(u, "--url", cwd, Map.of())) {
                    JsonObject o = new JsonObject();
                    o.addProperty("url", t.url());
                    o.addProperty("method", t.method().toUpperCase(Locale.ROOT));
                    JsonObject h = new JsonObject();
                    t.headers().forEach(h::addProperty);
                    o.add("headers", h);
                    if (t.body() != null) {
                        o.addProperty("body", t.body());
                    }
                    a.add(o);
                }
            } catch (UrlFileException e) {
                e.errors().forEach(le -> errors.add("--url: " + le.message()));
            }
        }
        if (!errors.isEmpty()) {
            throw new UsageError(String.join("; ", errors));
        }
        return a;
    }
}
