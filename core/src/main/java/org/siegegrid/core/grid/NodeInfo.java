package org.siegegrid.core.grid;

import java.util.List;
import java.util.Objects;

/**
 * A node as the {@code nodes} map shows it (key = stable node id).
 *
 * @param nodeId    stable node id
 * @param name      display name
 * @param addresses Hazelcast addresses ("host:port")
 * @param apiUrl    base URL of its REST API, or null
 * @param state     ACTIVE or DRAINED
 * @param capRps    configured capacity cap in requests/s; 0 = auto
 * @param cores     available processors
 * @param version   SiegeGrid version it runs
 * @param updatedAt cluster millis of the last write
 * @param engines   the engines it can run sessions on ("native", "siege"), lower case; a node without
 *                  the siege binary lacks "siege"
 * @param process   its process figures as last published (at most every 5 s), or null while unknown
 */
public record NodeInfo(String nodeId, String name, List<String> addresses, String apiUrl, NodeState state,
                       double capRps, int cores, String version, long updatedAt, List<String> engines,
                       ProcessLoad process) {
    public static final List<String> NATIVE_ONLY = List.of("native");

    public NodeInfo {
        Objects.requireNonNull(nodeId, "nodeId");
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        state = state == null ? NodeState.ACTIVE : state;
        engines = engines == null ? NATIVE_ONLY : List.copyOf(engines);
    }

    /** A node whose process figures are not known yet. */
    public NodeInfo(String nodeId, String name, List<String> addresses, String apiUrl, NodeState state,
                    double capRps, int cores, String version, long updatedAt, List<String> engines) {
        this(nodeId, name, addresses, apiUrl, state, capRps, cores, version, updatedAt, engines, null);
    }

    /** A node with the native engine only. */
    public NodeInfo(String nodeId, String name, List<String> addresses, String apiUrl, NodeState state,
                    double capRps, int cores, String version, long updatedAt) {
        this(nodeId, name, addresses, apiUrl, state, capRps, cores, version, updatedAt, NATIVE_ONLY);
    }

    /** Whether it can run sessions on {@code engine} ("native", "siege"). */
    public boolean runs(String engine) {
        return engines.contains(engine);
    }

    public boolean drained() {
        return state == NodeState.DRAINED;
    }

    public NodeInfo withState(NodeState s, long now) {
        return new NodeInfo(nodeId, name, addresses, apiUrl, s, capRps, cores, version, now, engines, process);
    }

    public NodeInfo withCapRps(double cap, long now) {
        return new NodeInfo(nodeId, name, addresses, apiUrl, state, cap, cores, version, now, engines, process);
    }

    /** The same node with new process figures ({@code updatedAt} stays the time of its last state or cap change). */
    public NodeInfo withProcess(ProcessLoad p) {
        return new NodeInfo(nodeId, name, addresses, apiUrl, state, capRps, cores, version, updatedAt, engines, p);
    }
}
