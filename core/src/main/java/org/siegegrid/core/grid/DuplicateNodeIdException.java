package org.siegegrid.core.grid;

/**
 * This member's node id is already carried by an older member of the cluster: it stepped down
 * (shut down before anything else started), so the same id never sends a share twice.
 */
public final class DuplicateNodeIdException extends RuntimeException {
    private final String nodeId;
    private final String clusterName;
    private final String address;

    public DuplicateNodeIdException(String nodeId, String clusterName, String address) {
        super("node id " + nodeId + " is already a member of cluster " + clusterName + " (at " + address + ")");
        this.nodeId = nodeId;
        this.clusterName = clusterName;
        this.address = address;
    }

    public String nodeId() {
        return nodeId;
    }

    public String clusterName() {
        return clusterName;
    }

    /** The address of the older member with the same id, as this member saw it. */
    public String address() {
        return address;
    }
}
