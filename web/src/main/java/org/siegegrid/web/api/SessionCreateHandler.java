package org.siegegrid.web.api;

import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SpecJson;

/** POST /api/v1/sessions: a spec (strict JSON) → 201 + Location + SessionView; it starts at once. */
final class SessionCreateHandler implements ApiHandler {
    private final ApiContext ctx;

    SessionCreateHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) throws Exception {
        SiegeNode node = ctx.node();
        SpecJson.Parsed parsed = SpecJson.parse(call.jsonBody(), ctx.limits());
        if (!parsed.ok()) {
            throw ApiError.invalid(parsed.problems());
        }
        Session s = node.create(parsed.spec());
        call.exchange().getResponseHeaders().put(io.undertow.util.Headers.LOCATION, "/api/v1/sessions/" + s.id());
        call.json(201, SessionView.of(s, node.stats(s.id()), ctx.redaction(call.exchange())));
    }
}
