package org.siegegrid.web.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.siegegrid.core.node.ClusterStatus;

/** {@code {"name","localNode","members":[ids],"quorum":{"required","present"},"sessions","running"}} (counts null without quorum). */
final class ClusterView {
    private ClusterView() {
    }

    static JsonObject of(ClusterStatus c) {
        JsonObject o = new JsonObject();
        o.addProperty("name", c.name());
        o.addProperty("localNode", c.localNodeId());
        JsonArray members = new JsonArray();
        c.members().forEach(members::add);
        o.add("members", members);
        o.add("quorum", quorum(c));
        // unknown without quorum: the maps refuse reads
        o.addProperty("sessions", c.sessions() == ClusterState.UNKNOWN ? null : c.sessions());
        o.addProperty("running", c.running() == ClusterState.UNKNOWN ? null : c.running());
        return o;
    }

    static JsonObject quorum(ClusterStatus c) {
        JsonObject q = new JsonObject();
        q.addProperty("required", c.quorumRequired());
        q.addProperty("present", c.quorumPresent());
        return q;
    }
}
