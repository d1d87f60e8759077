package org.siegegrid.web.api;

import java.util.List;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.session.Session;

/** GET /api/v1/nodes: {@code {"nodes":[NodeView...]}}, by id. */
final class NodeListHandler implements ApiHandler {
    private final ApiContext ctx;

    NodeListHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) {
        SiegeNode node = ctx.node();
        Set<String> live = Set.copyOf(node.cluster().members());
        List<Session> sessions = node.sessions();
        JsonArray nodes = new JsonArray();
        for (NodeInfo n : node.nodes()) {
            nodes.add(NodeView.of(n, live.contains(n.nodeId()), sessions));
        }
        JsonObject o = new JsonObject();
        o.add("nodes", nodes);
        call.json(200, o);
    }
}
