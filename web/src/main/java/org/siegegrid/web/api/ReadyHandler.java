package org.siegegrid.web.api;

import com.google.gson.JsonObject;
import org.siegegrid.core.node.ClusterStatus;

/** GET /health/ready: 200 READY when the quorum is present, else 503 NO_QUORUM. */
final class ReadyHandler implements ApiHandler {
    private final ApiContext ctx;

    ReadyHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        ClusterStatus c = ClusterState.of(ctx.node());
        JsonObject o = new JsonObject();
        o.addProperty("status", c.quorumPresent() ? "READY" : "NO_QUORUM");
        o.add("quorum", ClusterView.quorum(c));
        call.json(c.quorumPresent() ? 200 : 503, o);
    }
}
