package org.siegegrid.web.api;

import com.google.gson.JsonObject;
import org.siegegrid.core.grid.QuorumView;

/** GET /health/ready: 200 READY when the quorum is present, else 503 NO_QUORUM. Reads no map. */
final class ReadyHandler implements ApiHandler {
    private final ApiContext ctx;

    ReadyHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        QuorumView q = ctx.node().quorum();
        JsonObject o = new JsonObject();
        o.addProperty("status", q.met() ? "READY" : "NO_QUORUM");
        o.add("quorum", ClusterView.quorum(q));
        call.json(q.met() ? 200 : 503, o);
    }
}
