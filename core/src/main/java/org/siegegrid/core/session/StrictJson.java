package org.siegegrid.core.session;

import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * Reads RFC 8259 JSON strictly (Gson's {@code Strictness.STRICT}: no comments, NaN, single quotes,
 * unquoted names or trailing data), keeps numbers as written, and reports duplicate keys (which
 * Gson's own tree reader silently overwrites). A syntax error becomes one {@link Problem} with the
 * line and column.
 */
final class StrictJson {
    private static final Pattern WHERE = Pattern.compile("(.*?) at line (\\d+) column (\\d+) path (\\S+)", Pattern.DOTALL);

    record Result(JsonElement tree, List<Problem> problems) {
    }

    private StrictJson() {
    }

    static Result read(String json) {
        List<Problem> problems = new ArrayList<>();
        if (json == null || json.isBlank()) {
            problems.add(new Problem("", "empty body: expected a JSON object"));
            return new Result(null, problems);
        }
        JsonReader r = new JsonReader(new StringReader(json));
        r.setStrictness(Strictness.STRICT);
        try {
            JsonElement tree = value(r, "", problems);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                return malformed(new IOException("unexpected data after the JSON value " + location(r)), false, problems);
            }
            return new Result(tree, problems);
        } catch (EOFException e) {
            return malformed(new IOException("unexpected end of input " + location(r)), false, problems);
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            return malformed(e, true, problems);
        }
    }

    private static JsonElement value(JsonReader r, String path, List<Problem> problems) throws IOException {
        switch (r.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject o = new JsonObject();
                r.beginObject();
                while (r.hasNext()) {
                    String name = r.nextName();
                    String child = path.isEmpty() ? name : path + "." + name;
                    JsonElement v = value(r, child, problems);
                    if (o.has(name)) {
                        problems.add(new Problem(child, "duplicate field"));
                    }
                    o.add(name, v);
                }
                r.endObject();
                return o;
            }
            case BEGIN_ARRAY -> {
                JsonArray a = new JsonArray();
                r.beginArray();
                while (r.hasNext()) {
                    a.add(value(r, path + "[" + a.size() + "]", problems));
                }
                r.endArray();
                return a;
            }
            case STRING -> {
                return new JsonPrimitive(r.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new BigDecimal(r.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(r.nextBoolean());
            }
            case NULL -> {
                r.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new IOException("unexpected " + r.peek() + " " + location(r));
        }
    }

    private static String location(JsonReader r) {
        String s = r.toString();
        int at = s.indexOf(" at line ");
        return at < 0 ? "" : s.substring(at + 1);
    }

    /** @param atPath whether the reader's path names the field at fault (not for a truncated body) */
    private static Result malformed(Exception e, boolean atPath, List<Problem> problems) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int see = msg.indexOf("\nSee ");
        if (see >= 0) {
            msg = msg.substring(0, see);
        }
        Matcher m = WHERE.matcher(msg);
        String field = "";
        if (m.find()) {
            String path = m.group(4);
            field = !atPath || path.equals("$") ? "" : path.replaceFirst("^\\$\\.?", "");
            String what = m.group(1).strip();
            if (what.contains("setStrictness") || what.contains("setLenient")) {
                what = "not strict JSON (no NaN, comments, single quotes, unquoted names or unquoted strings)";
            }
            msg = "malformed JSON at line " + m.group(2) + " column " + m.group(3) + ": " + lowerFirst(what);
        } else {
            msg = "malformed JSON: " + msg;
        }
        problems.clear();
        problems.add(new Problem(field, msg));
        return new Result(null, problems);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
