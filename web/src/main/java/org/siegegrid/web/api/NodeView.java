package org.siegegrid.web.api;

import java.util.Collection;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.siegegrid.core.board.NodeEntry;
import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.grid.ProcessLoad;
import org.siegegrid.core.session.Session;

/**
 * A node as the API shows it: {@code id, name, addresses, apiUrl, state, capacityRps, cores,
 * version, engines, live} plus {@code shares}: its current share (rps) of every running session, by id;
 * {@code ceilings}: the ceiling it told that session's whiteboard (its measured capacity under its cap,
 * rps; null = none); {@code process}: its CPU load and heap as it last published them (null while unknown).
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
        JsonObject ceilings = new JsonObject();
        for (Session s : sessions) {
            NodeEntry e = s.running() ? s.board().entry(n.nodeId()) : null;
            if (e != null) {
                shares.add(s.id(), Numbers.rate(e.share().rps()));
                ceilings.add(s.id(), e.capRps() > 0 ? Numbers.rate(e.capRps()) : JsonNull.INSTANCE);
            }
        }
        o.add("shares", shares);
        o.add("ceilings", ceilings);
        o.add("process", process(n.process()));
        return o;
    }

    /** {@code {"cpuLoad","heapUsedBytes","heapMaxBytes","at"}} ({@code cpuLoad} null when the JVM does not tell), or null. */
    static com.google.gson.JsonElement process(ProcessLoad p) {
        if (p == null) {
            return JsonNull.INSTANCE;
        }
        JsonObject o = new JsonObject();
        o.add("cpuLoad", p.cpuKnown() ? Numbers.fixed(p.cpuLoad(), 2) : JsonNull.INSTANCE);
        o.addProperty("heapUsedBytes", p.heapUsedBytes());
        o.addProperty("heapMaxBytes", p.heapMaxBytes());
        o.add("at", Times.iso(p.at()));
        o.addProperty("atMillis", p.at());
        return o;
    }
}
