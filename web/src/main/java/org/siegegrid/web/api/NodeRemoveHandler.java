package org.siegegrid.web.api;

import com.google.gson.JsonObject;
import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.node.SiegeNode;

/**
 * DELETE /api/v1/nodes/{id}: 202 {@code {"id","leaving":true}}; the node leaves gracefully (its share
 * moves) and its {@code serve} process exits. For a node that is no longer a member, its stale
 * entry is removed: {@code {"id","leaving":false,"removed":true}}.
 */
final class NodeRemoveHandler implements ApiHandler {
    private final ApiContext ctx;

    NodeRemoveHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        SiegeNode node = ctx.node();
        String id = call.path("id");
        NodeInfo n = node.node(id).orElseThrow(() -> ApiError.notFound("id", "no node " + id));
        boolean live = node.cluster().members().contains(n.nodeId());
        node.remove(id);
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("leaving", live);
        if (!live) {
            o.addProperty("removed", true);
        }
        call.json(202, o);
    }
}
