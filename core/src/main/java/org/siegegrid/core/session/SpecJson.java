package org.siegegrid.core.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * The session spec as JSON (docs/spec.md), read STRICTLY: broken JSON (with line and
 * column), duplicate and unknown fields, wrong types ({@code "rps": "fast"}), fractional counts,
 * durations without a unit and every {@link SpecValidator} rule are all reported, all at once, each
 * naming its field.
 *
 * <p>Durations are strings with a unit ({@code "30s"}, {@code "500ms"}, {@code "5M"}, {@code "1h30m"}):
 * a bare number is rejected because siege itself reads it as minutes for {@code -t} and as seconds
 * for {@code -d}. {@code urlsFile} is siege URL-file text; it is parsed here without the server's
 * environment and without file bodies ({@code < file}), so an API caller cannot read the server's
 * variables or files; its errors are reported as field {@code urlsFile:line N}.
 */
public final class SpecJson {
    /** Fields a PATCH may change on an existing session. */
    public static final Set<String> UPDATABLE = Set.of("rps", "stages", "users", "requests", "duration", "targets");

    /** The fields that choose the load model: a type problem in one hides model problems. */
    private static final Set<String> MODEL = Set.of("rps", "stages", "users");
    private static final Set<String> MODEL_MESSAGES = Set.of(SpecValidator.NEED_MODEL, SpecValidator.RPS_OR_STAGES,
            SpecValidator.OPEN_OR_CLOSED);

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

    private SpecJson() {
    }

    /** Either a valid spec or every problem found. */
    public record Parsed(SessionSpec spec, List<Problem> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return spec != null && problems.isEmpty();
        }

        static Parsed failed(List<Problem> problems) {
            return new Parsed(null, problems);
        }
    }

    public static Parsed parse(String json) {
        return parse(json, Limits.DEFAULT);
    }

    public static Parsed parse(String json, Limits limits) {
        StrictJson.Result r = StrictJson.read(json);
        if (r.tree() == null) {
            return Parsed.failed(r.problems());
        }
        return parseTree(r.tree(), r.problems(), limits);
    }

    private static Parsed parseTree(JsonElement tree, List<Problem> earlier, Limits limits) {
        if (!tree.isJsonObject()) {
            return Parsed.failed(List.of(new Problem("", "expected a JSON object, got " + SpecReader.kind(tree))));
        }
        SpecReader rd = new SpecReader();
        for (Problem p : earlier) {
            rd.problem(p.field(), p.message());
        }
        SessionSpec spec = SpecFields.read(tree.getAsJsonObject(), rd);
        List<Problem> all = new ArrayList<>(rd.problems);
        for (Problem p : SpecValidator.validate(spec, limits)) {
            if (!covered(p, rd.failed)) {
                all.add(p);
            }
        }
        return all.isEmpty() ? new Parsed(spec, List.of()) : Parsed.failed(all);
    }

    /** Whether a field (or its parent) already has a type problem, or p is about the model and a model field had one. */
    private static boolean covered(Problem p, Set<String> failed) {
        String field = p.field();
        if (MODEL_MESSAGES.contains(p.message()) && failed.stream().anyMatch(MODEL::contains)) {
            return true;
        }
        for (String f : failed) {
            if (field.equals(f) || field.startsWith(f + ".") || field.startsWith(f + "[")
                    || f.startsWith(field + "[") || f.startsWith(field + ".") || f.startsWith(field + ":")) {
                return true;
            }
        }
        return false;
    }

    /** Compact JSON of the same shape {@link #parse} reads: {@code parse(toJson(s))} gives {@code s} back. */
    public static String toJson(SessionSpec spec) {
        return GSON.toJson(toJsonObject(spec));
    }

    public static String toPrettyJson(SessionSpec spec) {
        return PRETTY.toJson(toJsonObject(spec));
    }

    /**
     * The spec as a JSON object (for embedding in a session's JSON). Fields that are not set are left
     * out; {@code targets} is written only when there is no {@code urlsFile} (the targets then come
     * from it); durations are strings like {@code "30s"}; enums are lower case.
     */
    public static JsonObject toJsonObject(SessionSpec s) {
        JsonObject o = new JsonObject();
        if (s.name() != null) {
            o.addProperty("name", s.name());
        }
        if (s.urlsFile() != null) {
            o.addProperty("urlsFile", s.urlsFile());
        } else {
            JsonArray targets = new JsonArray();
            for (Target t : s.targets()) {
                JsonObject j = new JsonObject();
                j.addProperty("url", t.url());
                j.addProperty("method", t.method());
                JsonObject headers = new JsonObject();
                t.headers().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(h -> headers.addProperty(h.getKey(), h.getValue()));
                j.add("headers", headers);
                if (t.body() != null) {
                    j.addProperty("body", t.body());
                }
                targets.add(j);
            }
            o.add("targets", targets);
        }
        o.addProperty("order", s.order().name().toLowerCase(Locale.ROOT));
        if (s.rps() != null) {
            o.add("rps", number(s.rps()));
        }
        if (!s.stages().isEmpty()) {
            JsonArray stages = new JsonArray();
            for (Stage st : s.stages()) {
                JsonObject j = new JsonObject();
                j.addProperty("duration", Durations.format(st.duration()));
                j.add("rps", number(st.rps()));
                stages.add(j);
            }
            o.add("stages", stages);
        }
        addIf(o, "users", s.users());
        addDuration(o, "delay", s.delay());
        if (s.benchmark()) {
            o.addProperty("benchmark", true);
        }
        addIf(o, "concurrency", s.concurrency());
        addIf(o, "requests", s.requests());
        addDuration(o, "duration", s.duration());
        addDuration(o, "timeout", s.timeout());
        addDuration(o, "warmup", s.warmup());
        HttpOptions h = s.http();
        if (!h.follow()) {
            o.addProperty("follow", false);
        }
        if (!h.cookies()) {
            o.addProperty("cookies", false);
        }
        if (!h.gzip()) {
            o.addProperty("gzip", false);
        }
        addIf(o, "failures", h.failures());
        o.addProperty("engine", s.engine().name().toLowerCase(Locale.ROOT));
        if (!s.thresholds().isEmpty()) {
            JsonArray th = new JsonArray();
            s.thresholds().forEach(th::add);
            o.add("thresholds", th);
        }
        if (s.abortOnFail()) {
            o.addProperty("abortOnFail", true);
        }
        addDuration(o, "abortGrace", s.abortGrace());
        return o;
    }

    /**
     * Applies a PATCH body (JSON merge patch, RFC 7386: a field set to null is cleared) to a spec.
     * Only {@link #UPDATABLE} fields may change; another field is accepted only with its current
     * value. Setting {@code rps} drops the base's {@code stages} and vice versa (switching between a
     * constant rate and a ramp); setting {@code targets} drops a {@code urlsFile}. The result is
     * checked like a new spec.
     */
    public static Parsed patch(SessionSpec base, String json) {
        return patch(base, json, Limits.DEFAULT);
    }

    public static Parsed patch(SessionSpec base, String json, Limits limits) {
        StrictJson.Result r = StrictJson.read(json);
        if (r.tree() == null) {
            return Parsed.failed(r.problems());
        }
        if (!r.tree().isJsonObject()) {
            return Parsed.failed(List.of(new Problem("", "expected a JSON object, got " + SpecReader.kind(r.tree()))));
        }
        JsonObject patch = r.tree().getAsJsonObject();
        JsonObject baseJson = toJsonObject(base);
        JsonObject merged = baseJson.deepCopy();
        if (patch.has("targets")) {
            merged.remove("urlsFile");
        }
        if (SpecReader.get(patch, "rps") != null && !patch.has("stages")) {
            merged.remove("stages");
        }
        if (SpecReader.get(patch, "stages") != null && !patch.has("rps")) {
            merged.remove("rps");
        }
        for (Map.Entry<String, JsonElement> e : patch.entrySet()) {
            if (e.getValue().isJsonNull()) {
                merged.remove(e.getKey());
            } else {
                merged.add(e.getKey(), e.getValue());
            }
        }
        Parsed parsed = parseTree(merged, r.problems(), limits);
        JsonObject after = parsed.ok() ? toJsonObject(parsed.spec()) : merged;
        List<Problem> fixed = new ArrayList<>();
        for (String key : patch.keySet()) {
            if (SpecReader.TOP.contains(key) && !UPDATABLE.contains(key)
                    && !Objects.equals(baseJson.get(key), after.get(key))) {
                fixed.add(new Problem(key, "field cannot be changed; a PATCH may change "
                        + String.join(", ", UPDATABLE.stream().sorted().toList())));
            }
        }
        if (fixed.isEmpty()) {
            return parsed;
        }
        List<Problem> all = new ArrayList<>(fixed);
        all.addAll(parsed.problems());
        return Parsed.failed(all);
    }

    private static JsonPrimitive number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 9.007199254740992E15 ? new JsonPrimitive((long) v) : new JsonPrimitive(v);
    }

    private static void addIf(JsonObject o, String key, Number v) {
        if (v != null) {
            o.addProperty(key, v);
        }
    }

    private static void addDuration(JsonObject o, String key, Duration d) {
        if (d != null) {
            o.addProperty(key, d.isNegative() ? d.toString() : Durations.format(d));
        }
    }
}
