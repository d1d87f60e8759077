package org.siegegrid.web.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.siegegrid.core.session.StrictJson;

/**
 * Small request bodies other than session specs, read as strict RFC 8259 JSON objects by the same
 * reader as the specs ({@link StrictJson}: duplicate fields and invalid Unicode refused too).
 */
final class JsonBodies {
    private JsonBodies() {
    }

    static JsonObject object(String text) {
        StrictJson.Result r = StrictJson.read(text);
        if (!r.problems().isEmpty()) {
            throw ApiError.invalid(r.problems());
        }
        JsonElement e = r.tree();
        if (e == null || !e.isJsonObject()) {
            throw ApiError.invalid("", "expected a JSON object");
        }
        return e.getAsJsonObject();
    }
}
