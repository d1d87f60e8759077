package org.siegegrid.web.api;

import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.session.Session;

/** POST /api/v1/sessions/{id}/stop: SessionView (STOPPING); 409 when it has ended already. */
final class SessionStopHandler implements ApiHandler {
    private final ApiContext ctx;

    SessionStopHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        SiegeNode node = ctx.node();
        Session s = node.stop(call.path("id"));
        if (s == null || s.deleted()) {
            throw ApiError.notFound("id", "no session " + call.path("id"));
        }
        call.json(200, SessionView.of(s, node.stats(s.id()), ctx.redaction(call.exchange())));
    }
}
