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
 * Gson's own tree reader silently overwrites) and every string or field name that is not valid
 * Unicode: a lone surrogate ({@code "\ud800"}, a low one first, a high one not followed by a low
 * one), which would otherwise be stored as {@code ?}. Such a string is kept in the tree with the
 * surrogate written as its escape, so later messages show it. A syntax error becomes one
 * {@link Problem} with the line and column. The one reader of request JSON: session specs and
 * patches here, the API's other bodies through {@link #read} too.
 */
public final class StrictJson {
    private static final Pattern WHERE = Pattern.compile("(.*?) at line (\\d+) column (\\d+) path (\\S+)", Pattern.DOTALL);

    /** The tree (null when the text is not JSON) and every problem found. */
    public record Result(JsonElement tree, List<Problem> problems) {
    }

    private StrictJson() {
    }

    public static Result read(String json) {
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
                    String raw = r.nextName();
                    String name = escaped(raw);
                    String child = path.isEmpty() ? name : path + "." + name;
                    unicode(raw, child, "field name", r, problems);
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
                return new JsonPrimitive(unicode(r.nextString(), path, "string", r, problems));
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

    /**
     * {@code s} as it is when it is valid UTF-16; otherwise a problem at {@code field} naming the
     * first lone surrogate and where it is, and {@code s} with every lone surrogate written as its escape.
     */
    private static String unicode(String s, String field, String what, JsonReader r, List<Problem> problems) {
        int bad = loneSurrogate(s, 0);
        if (bad < 0) {
            return s;
        }
        problems.add(new Problem(field, "invalid Unicode: the " + what + " holds a lone surrogate " + escape(s.charAt(bad))
                + " at character " + bad + " (" + location(r).replaceFirst(" path .*", "")
                + "); a surrogate escape must pair \\uD800-\\uDBFF with \\uDC00-\\uDFFF"));
        return escaped(s);
    }

    private static String escaped(String s) {
        if (loneSurrogate(s, 0) < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 10);
        int from = 0;
        for (int bad = loneSurrogate(s, 0); bad >= 0; bad = loneSurrogate(s, from)) {
            b.append(s, from, bad).append(escape(s.charAt(bad)));
            from = bad + 1;
        }
        return b.append(s, from, s.length()).toString();
    }

    /** The index of the first surrogate from {@code from} on that is not half of a pair, or -1. */
    static int loneSurrogate(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String escape(char c) {
        return String.format("\\u%04X", (int) c);
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
