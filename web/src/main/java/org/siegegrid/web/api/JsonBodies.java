package org.siegegrid.web.api;

import java.io.IOException;
import java.io.StringReader;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/** Small request bodies other than session specs, read as strict RFC 8259 JSON objects. */
final class JsonBodies {
    private static final Gson GSON = new Gson();

    private JsonBodies() {
    }

    static JsonObject object(String text) {
        if (text == null || text.isBlank()) {
            throw ApiError.invalid("", "empty body: expected a JSON object");
        }
        JsonReader r = new JsonReader(new StringReader(text));
        r.setStrictness(Strictness.STRICT);
        r.setNestingLimit(64);
        JsonElement e;
        try {
            e = GSON.getAdapter(JsonElement.class).read(r);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw ApiError.invalid("", "malformed JSON: unexpected data after the JSON value");
            }
        } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException ex) {
            String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            int see = msg.indexOf("\nSee ");
            throw ApiError.invalid("", "malformed JSON: " + (see >= 0 ? msg.substring(0, see) : msg));
        }
        if (e == null || !e.isJsonObject()) {
            throw ApiError.invalid("", "expected a JSON object");
        }
        return e.getAsJsonObject();
    }
}
