package org.siegegrid.web.api;

import com.google.gson.JsonObject;

/**
 * Computes a topic's frames, once per tick whatever the number of subscribers. A source may keep
 * what it saw in the previous frame (to tell what changed since); a thrown exception becomes an
 * {@code unavailable} frame and the next tick tries again.
 */
interface FrameSource {
    /** The next frame's event name and JSON. */
    Result next(long seq);

    record Result(String event, JsonObject data, boolean last) {
        static Result of(String event, JsonObject data) {
            return new Result(event, data, false);
        }
    }
}
