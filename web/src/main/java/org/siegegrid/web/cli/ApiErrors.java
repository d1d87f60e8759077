package org.siegegrid.web.cli;

import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/** A node's error answer (API-CONTRACT.md's error body) as one readable line. */
final class ApiErrors {
    private ApiErrors() {
    }

    /** The contract's error code of an error body, or null. */
    static String code(String body) {
        JsonObject err = errorObject(body);
        return err != null && err.has("code") && err.get("code").isJsonPrimitive() ? err.get("code").getAsString() : null;
    }

    /**
     * One line for an error answer: {@code 409 conflict: state: session abc is FINISHED}; every problem
     * of a 400, each as {@code field: message}, joined by "; ". A body that is not the contract's error
     * object is shown abbreviated.
     */
    static String message(int status, String body) {
        JsonObject err = errorObject(body);
        if (err == null) {
            String text = body == null || body.isBlank() ? reason(status) : Main.oneLine(abbreviate(body));
            return status + ": " + text;
        }
        String code = text(err, "code");
        List<String> parts = new ArrayList<>();
        if (err.has("problems") && err.get("problems").isJsonArray()) {
            for (JsonElement p : err.getAsJsonArray("problems")) {
                if (p.isJsonObject()) {
                    parts.add(problem(text(p.getAsJsonObject(), "field"), text(p.getAsJsonObject(), "message")));
                }
            }
        }
        if (parts.isEmpty()) {
            parts.add(problem(text(err, "field"), text(err, "message")));
        }
        String line = status + " " + (code == null ? reason(status) : code) + ": " + String.join("; ", parts);
        if (status == 401) {
            line += " (give --token or set SIEGEGRID_API_TOKEN)";
        }
        return Main.oneLine(line);
    }

    private static String problem(String field, String message) {
        String m = message == null ? "error" : message;
        return field == null || field.isEmpty() ? m : field + ": " + m;
    }

    private static JsonObject errorObject(String body) {
        try {
            JsonElement e = JsonParser.parseString(body == null ? "" : body);
            if (e.isJsonObject() && e.getAsJsonObject().has("error") && e.getAsJsonObject().get("error").isJsonObject()) {
                return e.getAsJsonObject().getAsJsonObject("error");
            }
        } catch (JsonParseException ignored) {
            // not JSON: the caller shows the text
        }
        return null;
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 409 -> "conflict";
            case 500 -> "internal server error";
            case 502 -> "bad gateway";
            case 503 -> "unavailable";
            default -> "error";
        };
    }

    static String abbreviate(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "...";
    }
}
