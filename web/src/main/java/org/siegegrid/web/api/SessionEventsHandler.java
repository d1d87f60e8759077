package org.siegegrid.web.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionEvent;

/**
 * GET /api/v1/sessions/{id}/events[?since=cluster millis]: the session's event log, oldest first,
 * {@code {"events":[{"seq","at","atMillis","kind","node","detail"}...]}}; {@code since} keeps the events
 * after that time. 404 for an unknown session. A read: open unless {@code api.auth=all}. The details
 * hold figures and counts, never a header value nor a URL, so there is nothing to redact.
 */
final class SessionEventsHandler implements ApiHandler {
    private final ApiContext ctx;

    SessionEventsHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        long since = since(call.query("since"));
        SiegeNode node = ctx.node();
        Session s = SessionGetHandler.existing(node, call.path("id"));
        JsonArray out = new JsonArray();
        for (SessionEvent e : node.events(s.id(), since)) {
            out.add(json(e));
        }
        JsonObject o = new JsonObject();
        o.add("events", out);
        call.json(200, o);
    }

    private static long since(String text) {
        if (text == null || text.isEmpty()) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiError.invalid("since", "must be cluster time in milliseconds (a whole number), got '" + text + "'");
        }
    }

    /** One event as the API shows it (the events endpoint and the session stream). */
    static JsonObject json(SessionEvent e) {
        JsonObject o = new JsonObject();
        o.addProperty("seq", e.seq());
        o.add("at", Times.iso(e.at()));
        o.addProperty("atMillis", e.at());
        o.addProperty("kind", e.kind());
        o.add("node", e.node() == null ? JsonNull.INSTANCE : new JsonPrimitive(e.node()));
        o.addProperty("detail", e.detail());
        return o;
    }
}
