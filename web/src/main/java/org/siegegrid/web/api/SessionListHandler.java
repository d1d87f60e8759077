package org.siegegrid.web.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.siegegrid.core.session.Redaction;
import org.siegegrid.core.session.Session;

/** GET /api/v1/sessions: {@code {"sessions":[SessionView without summary...]}}, oldest first. */
final class SessionListHandler implements ApiHandler {
    private final ApiContext ctx;

    SessionListHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        JsonArray list = new JsonArray();
        Redaction shown = ctx.redaction(call.exchange());
        for (Session s : ctx.node().sessions()) {
            list.add(SessionView.of(s, null, shown));
        }
        JsonObject o = new JsonObject();
        o.add("sessions", list);
        call.json(200, o);
    }
}
