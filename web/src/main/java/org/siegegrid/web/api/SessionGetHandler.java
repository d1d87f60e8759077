package org.siegegrid.web.api;

import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.session.Session;

/** GET /api/v1/sessions/{id}: SessionView with board and live summary; 404 for an unknown id. */
final class SessionGetHandler implements ApiHandler {
    private final ApiContext ctx;

    SessionGetHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        SiegeNode node = ctx.node();
        Session s = existing(node, call.path("id"));
        call.json(200, SessionView.of(s, node.stats(s.id()), ctx.redaction(call.exchange())));
    }

    static Session existing(SiegeNode node, String id) {
        return node.session(id).orElseThrow(() -> ApiError.notFound("id", "no session " + id));
    }
}
