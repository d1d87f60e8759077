package org.siegegrid.web.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;

/** Cluster millis as the API writes them: ISO-8601 UTC with milliseconds, or null for "not yet" (0). */
final class Times {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    static JsonElement iso(long millis) {
        return millis <= 0 ? JsonNull.INSTANCE : new JsonPrimitive(ISO.format(Instant.ofEpochMilli(millis)));
    }
}
