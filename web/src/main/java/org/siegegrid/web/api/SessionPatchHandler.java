package org.siegegrid.web.api;

import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;
import org.siegegrid.core.session.SpecJson;

/**
 * PATCH /api/v1/sessions/{id}: a JSON merge patch of rps, stages, users, requests, duration or
 * targets → SessionView at version + 1. 404 unknown id, 409 once STOPPING or ended, 400 bad patch.
 */
final class SessionPatchHandler implements ApiHandler {
    private final ApiContext ctx;

    SessionPatchHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) throws Exception {
        SiegeNode node = ctx.node();
        Session cur = SessionGetHandler.existing(node, call.path("id"));
        String body = call.jsonBody();
        if (ended(cur)) {
            throw ApiError.conflict("state", "session " + cur.id() + " is " + cur.state() + " and cannot change");
        }
        SpecJson.Parsed parsed = SpecJson.patch(cur.spec(), body, ctx.limits());
        if (!parsed.ok()) {
            throw ApiError.invalid(parsed.problems());
        }
        // the node applies it on the session key, or refuses (409) if the session ended meanwhile
        Session next = node.update(cur.id(), parsed.spec());
        call.json(200, SessionView.of(next, node.stats(next.id()), ctx.redaction(call.exchange())));
    }

    private static boolean ended(Session s) {
        return s.state().terminal() || s.state() == SessionState.STOPPING;
    }
}
