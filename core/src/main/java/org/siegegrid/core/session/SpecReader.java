package org.siegegrid.core.session;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Typed reads of a JSON tree, each wrong type, unknown field or bad duration becoming a {@link Problem}
 * with its path. Remembers which fields failed, so that validation does not report them again.
 */
final class SpecReader {
    static final Set<String> TOP = Set.of("name", "targets", "urlsFile", "order", "rps", "stages", "users", "delay",
            "benchmark", "concurrency", "requests", "duration", "timeout", "engine", "thresholds", "abortOnFail", "abortGrace", "warmup",
            "follow", "cookies", "gzip", "failures");
    static final Set<String> TARGET = Set.of("url", "method", "headers", "body");
    static final Set<String> STAGE = Set.of("duration", "rps");

    final List<Problem> problems = new ArrayList<>();
    final Set<String> failed = new LinkedHashSet<>();

    void problem(String field, String message) {
        problems.add(new Problem(field, message));
        failed.add(field);
    }

    void unknownFields(JsonObject o, Set<String> known, String prefix) {
        for (String key : o.keySet()) {
            if (!known.contains(key)) {
                String hint = Suggest.closest(key, known);
                problem(prefix + key, "unknown field" + (hint == null ? "" : "; did you mean \"" + hint + "\"?"));
            }
        }
    }

    /** The value, or null when absent or JSON null. */
    static JsonElement get(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e;
    }

    String string(JsonObject o, String key, String field) {
        JsonElement e = get(o, key);
        if (e == null) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            problem(field, "must be a string, got " + kind(e));
            return null;
        }
        return e.getAsString();
    }

    Boolean bool(JsonObject o, String key, String field) {
        JsonElement e = get(o, key);
        if (e == null) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            problem(field, "must be true or false, got " + kind(e));
            return null;
        }
        return e.getAsBoolean();
    }

    Double number(JsonObject o, String key, String field) {
        BigDecimal d = decimal(o, key, field);
        if (d == null) {
            return null;
        }
        double v = d.doubleValue();
        if (Double.isInfinite(v)) {
            problem(field, "number too large: " + d);
            return null;
        }
        return v;
    }

    Long whole(JsonObject o, String key, String field, long max) {
        BigDecimal d = decimal(o, key, field);
        if (d == null) {
            return null;
        }
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            problem(field, "must be a whole number, got " + d.toPlainString());
            return null;
        }
        if (d.compareTo(BigDecimal.valueOf(max)) > 0 || d.compareTo(BigDecimal.valueOf(-max)) < 0) {
            problem(field, "number too large: " + d + " (at most " + max + ")");
            return null;
        }
        return d.longValue();
    }

    Integer integer(JsonObject o, String key, String field) {
        Long v = whole(o, key, field, Integer.MAX_VALUE);
        return v == null ? null : v.intValue();
    }

    private BigDecimal decimal(JsonObject o, String key, String field) {
        JsonElement e = get(o, key);
        if (e == null) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            problem(field, "must be a number, got " + kind(e));
            return null;
        }
        return e.getAsBigDecimal();
    }

    Duration duration(JsonObject o, String key, String field) {
        JsonElement e = get(o, key);
        if (e == null) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            problem(field, "must be a duration string with a unit, like \"30s\", \"500ms\", \"5m\", \"1h\"; got " + kind(e));
            return null;
        }
        try {
            return Durations.parse(e.getAsString(), null);
        } catch (IllegalArgumentException ex) {
            problem(field, ex.getMessage());
            return null;
        }
    }

    <E extends Enum<E>> E enumValue(JsonObject o, String key, String field, Class<E> type) {
        String s = string(o, key, field);
        if (s == null) {
            return null;
        }
        for (E v : type.getEnumConstants()) {
            if (v.name().equalsIgnoreCase(s)) {
                return v;
            }
        }
        List<String> names = new ArrayList<>();
        for (E v : type.getEnumConstants()) {
            names.add(v.name().toLowerCase(Locale.ROOT));
        }
        problem(field, "must be one of " + String.join(", ", names) + "; got \"" + s + "\"");
        return null;
    }

    /** The array, or null when absent; a non-array is a problem. */
    JsonArray array(JsonObject o, String key, String field) {
        JsonElement e = get(o, key);
        if (e == null) {
            return null;
        }
        if (!e.isJsonArray()) {
            problem(field, "must be an array, got " + kind(e));
            return null;
        }
        return e.getAsJsonArray();
    }

    /** An array element that must be an object, or null after reporting it. */
    JsonObject object(JsonElement e, String field) {
        if (e == null || !e.isJsonObject()) {
            problem(field, "must be an object, got " + kind(e));
            return null;
        }
        return e.getAsJsonObject();
    }

    Map<String, String> headers(JsonObject o, String field) {
        JsonElement e = get(o, "headers");
        if (e == null) {
            return Map.of();
        }
        if (!e.isJsonObject()) {
            problem(field, "must be an object of header names to strings, got " + kind(e));
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> h : e.getAsJsonObject().entrySet()) {
            JsonElement v = h.getValue();
            if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
                out.put(h.getKey(), v.getAsString());
            } else {
                problem(field + "." + h.getKey(), "header value must be a string, got " + kind(v));
            }
        }
        return out;
    }

    static String kind(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean() ? "true" : "false";
        }
        if (p.isNumber()) {
            return "the number " + p.getAsBigDecimal().toString();
        }
        String s = p.getAsString();
        return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }
}
