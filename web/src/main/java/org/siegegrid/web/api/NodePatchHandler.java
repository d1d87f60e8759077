package org.siegegrid.web.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.session.Problem;

/** PATCH /api/v1/nodes/{id} with {@code {"capacityRps": 4000}} (0 = auto): the node's cap. */
final class NodePatchHandler implements ApiHandler {
    private final ApiContext ctx;

    NodePatchHandler(ApiContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handle(Call call) throws Exception {
        SiegeNode node = ctx.node();
        String id = call.path("id");
        JsonObject body = JsonBodies.object(call.jsonBody());
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : body.entrySet()) {
            if (!e.getKey().equals("capacityRps")) {
                problems.add(new Problem(e.getKey(), "unknown field; a node PATCH takes only capacityRps"));
            }
        }
        JsonElement cap = body.get("capacityRps");
        if (cap == null) {
            problems.add(0, new Problem("capacityRps", "required: the node's cap in requests/s (0 = auto)"));
        } else if (!cap.isJsonPrimitive() || !cap.getAsJsonPrimitive().isNumber()) {
            problems.add(0, new Problem("capacityRps", "must be a number, got " + cap));
        }
        if (!problems.isEmpty()) {
            throw ApiError.invalid(problems);
        }
        NodeInfo n = node.cap(id, cap.getAsDouble());
        call.json(200, NodeGetHandler.view(node, n));
    }
}
