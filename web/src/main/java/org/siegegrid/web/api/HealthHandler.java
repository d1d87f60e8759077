package org.siegegrid.web.api;

import com.google.gson.JsonObject;
import org.siegegrid.core.node.SiegeNode;

/** GET /health: 200 {@code {"status":"UP","node":id}} while the node is up; 503 STARTING before it joined, DOWN after it left. */
final class HealthHandler implements ApiHandler {
    private final ApiContext ctx;

    HealthHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        SiegeNode n = ctx.nodeOrNull();
        JsonObject o = new JsonObject();
        o.addProperty("status", n != null ? "UP" : ctx.attached() ? "DOWN" : "STARTING");
        o.addProperty("node", n == null ? null : n.nodeId());
        call.json(n == null ? 503 : 200, o);
    }
}
