package org.siegegrid.web.api;

import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.node.SiegeNode;

/** GET /api/v1/nodes/{id}: one NodeView, 404 for an unknown id. */
final class NodeGetHandler implements ApiHandler {
    private final ApiContext ctx;

    NodeGetHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        SiegeNode node = ctx.node();
        String id = call.path("id");
        NodeInfo n = node.node(id).orElseThrow(() -> ApiError.notFound("id", "no node " + id));
        call.json(200, view(node, n));
    }

    static com.google.gson.JsonObject view(SiegeNode node, NodeInfo n) {
        return NodeView.of(n, node.cluster().members().contains(n.nodeId()), node.sessions());
    }
}
