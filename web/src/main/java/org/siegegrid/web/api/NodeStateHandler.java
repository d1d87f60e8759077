package org.siegegrid.web.api;

import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.node.SiegeNode;

/** POST /api/v1/nodes/{id}/drain and /activate: take a node out of the load pool or back in. */
final class NodeStateHandler implements ApiHandler {
    private final ApiContext ctx;
    private final boolean drain;

    NodeStateHandler(ApiContext ctx, boolean drain) {
        this.ctx = ctx;
        this.drain = drain;
    }

    @Override
    public void handle(Call call) {
        SiegeNode node = ctx.node();
        String id = call.path("id");
        NodeInfo n = drain ? node.drain(id) : node.activate(id);
        call.json(200, NodeGetHandler.view(node, n));
    }
}
