package org.siegegrid.web.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Seeded mutations of valid JSON bodies: characters dropped, inserted, replaced or duplicated;
 * truncation; values swapped for other types, huge or odd numbers, unicode and long strings; deep
 * nesting; fields added, removed or duplicated. Same seed, same bodies.
 */
final class BodyMutator {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private static final String CHARS = "{}[]\":,\\ 0123456789.-+eEabcxyz\u00e9\u00df\u4e2d\u0000\n\t\u202e\ud83d\ude00\ud800";
    private static final String[] NUMBERS = {"0", "-1", "-0", "1e308", "-1e308", "1e-300", "9223372036854775807",
            "9223372036854775808", "123456789012345678901234567890", "0.0000001", "2.5", "1e400", "3.4e38", "007"};
    private static final String[] STRINGS = {"", " ", "\u0000", "\ud83d\ude00\ud83d\ude00", "\u202eevil", "1s", "-5s",
            "0s", "99999999h", "http://127.0.0.1:1/", "javascript:alert(1)", "http://[::1]/", "\\", "\"", "NaN",
            "x".repeat(10_000), "\u4e2d\u6587", "p99 <", "GET", "random", "siege"};

    private final Random random;

    BodyMutator(long seed) {
        this.random = new Random(seed);
    }

    /** One to three mutations of {@code body}. */
    String mutate(String body) {
        String s = body;
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            s = random.nextInt(2) == 0 ? textual(s) : structural(s);
        }
        return s;
    }

    private String textual(String s) {
        if (s.isEmpty()) {
            return String.valueOf(pick(CHARS));
        }
        int at = random.nextInt(s.length());
        return switch (random.nextInt(6)) {
            case 0 -> s.substring(0, at) + s.substring(at + 1);
            case 1 -> s.substring(0, at) + pick(CHARS) + s.substring(at);
            case 2 -> s.substring(0, at) + pick(CHARS) + s.substring(at + 1);
            case 3 -> s.substring(0, at);
            case 4 -> {
                int len = Math.min(s.length() - at, 1 + random.nextInt(20));
                yield s.substring(0, at + len) + s.substring(at, at + len) + s.substring(at + len);
            }
            default -> s.substring(0, at) + pick(NUMBERS) + s.substring(at);
        };
    }

    /** A tree mutation; bodies that no longer parse get a textual one instead. */
    private String structural(String s) {
        JsonElement tree;
        try {
            tree = JsonParser.parseString(s);
        } catch (RuntimeException e) {
            return textual(s);
        }
        if (tree == null || !tree.isJsonObject() || tree.getAsJsonObject().isEmpty()) {
            return textual(s);
        }
        JsonObject root = tree.getAsJsonObject();
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        Slot slot = slots.get(random.nextInt(slots.size()));
        switch (random.nextInt(7)) {
            case 0 -> slot.set(other(slot.get()));
            case 1 -> slot.set(JsonParser.parseString(pick(NUMBERS).replace("007", "7").replace("1e400", "1e300")));
            case 2 -> slot.set(new JsonPrimitive(pick(STRINGS)));
            case 3 -> slot.set(nest(slot.get(), 10 + random.nextInt(400)));
            case 4 -> root.add(pick(new String[] {"rsp", "user", "Targets", "id", "state", "version", "", "\u00e9"}),
                    new JsonPrimitive(1));
            case 5 -> slot.remove();
            default -> {
                String json = GSON.toJson(root);
                String key = slot.key == null ? "rps" : slot.key;
                return json.substring(0, json.length() - 1) + ",\"" + key + "\":" + GSON.toJson(slot.get()) + "}";
            }
        }
        return GSON.toJson(root);
    }

    private JsonElement other(JsonElement e) {
        return switch (random.nextInt(6)) {
            case 0 -> new JsonPrimitive(e.toString());
            case 1 -> new JsonPrimitive(random.nextBoolean());
            case 2 -> JsonNull.INSTANCE;
            case 3 -> {
                JsonArray a = new JsonArray();
                a.add(e);
                yield a;
            }
            case 4 -> {
                JsonObject o = new JsonObject();
                o.add("value", e);
                yield o;
            }
            default -> new JsonPrimitive(random.nextInt(1000) - 500);
        };
    }

    private JsonElement nest(JsonElement e, int depth) {
        JsonElement cur = e;
        for (int i = 0; i < depth; i++) {
            if (random.nextBoolean()) {
                JsonArray a = new JsonArray();
                a.add(cur);
                cur = a;
            } else {
                JsonObject o = new JsonObject();
                o.add("x", cur);
                cur = o;
            }
        }
        return cur;
    }

    private char pick(String s) {
        return s.charAt(random.nextInt(s.length()));
    }

    private String pick(String[] a) {
        return a[random.nextInt(a.length)];
    }

    /** A place in the tree: an object member or an array element. */
    private static final class Slot {
        final JsonObject object;
        final JsonArray array;
        final String key;
        final int index;

        Slot(JsonObject object, String key) {
            this.object = object;
            this.array = null;
            this.key = key;
            this.index = -1;
        }

        Slot(JsonArray array, int index) {
            this.object = null;
            this.array = array;
            this.key = null;
            this.index = index;
        }

        JsonElement get() {
            return object != null ? object.get(key) : array.get(index);
        }

        void set(JsonElement v) {
            if (object != null) {
                object.add(key, v);
            } else {
                array.set(index, v);
            }
        }

        void remove() {
            if (object != null) {
                object.remove(key);
            } else {
                array.remove(index);
            }
        }
    }

    private static void collect(JsonElement e, List<Slot> out) {
        if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
                out.add(new Slot(e.getAsJsonObject(), m.getKey()));
                collect(m.getValue(), out);
            }
        } else if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            for (int i = 0; i < a.size(); i++) {
                out.add(new Slot(a, i));
                collect(a.get(i), out);
            }
        }
    }
}
