package org.siegegrid.web.api;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.siegegrid.core.grid.QuorumView;
import org.siegegrid.core.node.ClusterStatus;

/**
 * {@code {"name","localNode","coordinator","members":[ids],"untrusted":["host:port (id)"],"quorum":{"rule","required","counted",
 * "present"},"sessions","running"}} (counts null without quorum; untrusted: members without the cluster secret).
 */
final class ClusterView {
    private ClusterView() {
    }

    static JsonObject of(ClusterStatus c) {
        JsonObject o = new JsonObject();
        o.addProperty("name", c.name());
        o.addProperty("localNode", c.localNodeId());
        o.addProperty("coordinator", c.coordinator());   // the oldest member: Hazelcast's master, runs the lifecycle
        JsonArray members = new JsonArray();
        c.members().forEach(members::add);
        o.add("members", members);
        JsonArray untrusted = new JsonArray();
        c.untrusted().forEach(untrusted::add);
        o.add("untrusted", untrusted);   // members that did not prove the cluster secret: counted for nothing
        JsonObject q = quorum(c.quorum());
        String limit = c.quorum().limit(c.members().size());
        if (limit != null) {
            q.addProperty("limit", limit);   // what this rule cannot protect against, said, not silent
        }
        o.add("quorum", q);
        // unknown without quorum: the maps refuse reads
        o.addProperty("sessions", c.sessions() == ClusterStatus.UNKNOWN ? null : c.sessions());
        o.addProperty("running", c.running() == ClusterStatus.UNKNOWN ? null : c.running());
        return o;
    }

    /** The quorum as the protection counts it: {@code {"rule","required","counted","present"}}. */
    static JsonObject quorum(QuorumView v) {
        JsonObject q = new JsonObject();
        q.addProperty("rule", v.rule());
        q.addProperty("required", v.required());
        q.addProperty("counted", v.present());
        q.addProperty("present", v.met());
        return q;
    }
}
