package org.siegegrid.web.api;

import java.util.Collection;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.siegegrid.core.board.NodeEntry;
import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.session.Session;

/**
 * A node as the API shows it: {@code id, name, addresses, apiUrl, state, capacityRps, cores,
 * version, engines, live} plus {@code shares}: its current share (rps) of every running session, by id.
 */
final class NodeView {
    private NodeView() {
    }

    static JsonObject of(NodeInfo n, boolean live, Collection<Session> sessions) {
        JsonObject o = new JsonObject();
        o.addProperty("id", n.nodeId());
        o.add("name", n.name() == null ? JsonNull.INSTANCE : new JsonPrimitive(n.name()));
        JsonArray addresses = new JsonArray();
        n.addresses().forEach(addresses::add);
        o.add("addresses", addresses);
        o.add("apiUrl", n.apiUrl() == null ? JsonNull.INSTANCE : new JsonPrimitive(n.apiUrl()));
        o.addProperty("state", n.state().name());
        o.add("capacityRps", Numbers.rate(n.capRps()));
        o.addProperty("cores", n.cores());
        o.add("version", n.version() == null ? JsonNull.INSTANCE : new JsonPrimitive(n.version()));
        JsonArray engines = new JsonArray();
        n.engines().forEach(engines::add);
        o.add("engines", engines);
        o.addProperty("live", live);
        JsonObject shares = new JsonObject();
        for (Session s : sessions) {
            NodeEntry e = s.running() ? s.board().entry(n.nodeId()) : null;
            if (e != null) {
                shares.add(s.id(), Numbers.rate(e.share().rps()));
            }
        }
        o.add("shares", shares);
        return o;
    }
}
