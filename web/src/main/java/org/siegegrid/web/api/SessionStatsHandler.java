package org.siegegrid.web.api;

import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.report.ReportJson;
import org.siegegrid.core.session.Session;

/** GET /api/v1/sessions/{id}/stats: {@code {"id","state", ...ReportJson fields}} merged live from every node. */
final class SessionStatsHandler implements ApiHandler {
    private final ApiContext ctx;

    SessionStatsHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        SiegeNode node = ctx.node();
        Session s = SessionGetHandler.existing(node, call.path("id"));
        JsonObject report = ReportJson.toJsonObject(node.stats(s.id()));
        JsonObject o = new JsonObject();
        o.addProperty("id", s.id());
        o.addProperty("state", s.state().name());
        for (Map.Entry<String, JsonElement> e : report.entrySet()) {
            o.add(e.getKey(), e.getValue());
        }
        call.json(200, o);
    }
}
