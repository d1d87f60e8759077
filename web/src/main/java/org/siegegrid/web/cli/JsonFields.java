package org.siegegrid.web.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Lenient reading of the API's JSON for display: a missing or null field is null, never an exception. */
final class JsonFields {
    private JsonFields() {
    }

    static JsonElement get(JsonObject o, String path) {
        JsonElement e = o;
        for (String key : path.split("\\.")) {
            if (e == null || !e.isJsonObject()) {
                return null;
            }
            e = e.getAsJsonObject().get(key);
        }
        return e == null || e.isJsonNull() ? null : e;
    }

    static String str(JsonObject o, String path) {
        JsonElement e = get(o, path);
        return e == null ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    static Double num(JsonObject o, String path) {
        JsonElement e = get(o, path);
        try {
            return e == null || !e.isJsonPrimitive() ? null : e.getAsDouble();
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    static long count(JsonObject o, String path) {
        Double d = num(o, path);
        return d == null ? 0 : d.longValue();
    }

    static boolean bool(JsonObject o, String path) {
        JsonElement e = get(o, path);
        return e != null && e.isJsonPrimitive() && e.getAsBoolean();
    }

    static JsonObject obj(JsonObject o, String path) {
        JsonElement e = get(o, path);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    /** The objects of an array field (others skipped); empty when absent. */
    static List<JsonObject> objects(JsonObject o, String path) {
        JsonElement e = get(o, path);
        List<JsonObject> out = new ArrayList<>();
        if (e != null && e.isJsonArray()) {
            for (JsonElement x : (JsonArray) e) {
                if (x.isJsonObject()) {
                    out.add(x.getAsJsonObject());
                }
            }
        }
        return out;
    }

    /** The strings of an array field; empty when absent. */
    static List<String> strings(JsonObject o, String path) {
        JsonElement e = get(o, path);
        List<String> out = new ArrayList<>();
        if (e != null && e.isJsonArray()) {
            for (JsonElement x : (JsonArray) e) {
                out.add(x.isJsonPrimitive() ? x.getAsString() : x.toString());
            }
        }
        return out;
    }

    /** A rate or count without decimals ({@code 1000}), with one or two when small; null stays null. */
    static String number(Double d) {
        if (d == null || d.isNaN() || d.isInfinite()) {
            return null;
        }
        if (d == Math.rint(d) || Math.abs(d) >= 100) {
            return String.format(Locale.ROOT, "%.0f", d);
        }
        return String.format(Locale.ROOT, Math.abs(d) >= 10 ? "%.1f" : "%.2f", d);
    }

    /** An ISO-8601 time without its fraction of a second: {@code 2026-11-28T01:02:03Z}. */
    static String time(String iso) {
        return iso == null ? null : iso.replaceFirst("\\.\\d+Z$", "Z");
    }
}
