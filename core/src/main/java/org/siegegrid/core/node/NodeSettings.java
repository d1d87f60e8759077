package org.siegegrid.core.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.siegegrid.core.grid.GridSettings;
import org.siegegrid.core.grid.Quorum;
import org.siegegrid.core.session.Limits;

/**
 * Everything a node is configured with, resolved (flag > env > file > default) by
 * {@link SettingsLoader}. Immutable.
 *
 * @param nodeName      display name; empty = the node id
 * @param quorum        minimum cluster size for sending load; {@link #MAJORITY} for a majority of the fleet
 * @param lease         how long a node may send without a successful round
 * @param capacityRps   this node's cap; 0 = auto
 * @param targetsAllow  host patterns a session may target ("*" = any)
 * @param nodeId        this node's stable unique id (board entries, stats keys, member attribute); empty =
 *                      the node name when given, else a generated one ({@code serve} resolves it with
 *                      {@link NodeIdentity} first, so it survives restarts)
 * @param publicAddress {@code host[:port]} other members dial; empty = the bind address
 * @param clusterSecret the fleet's shared secret ({@code MemberTrust}); empty = none (loopback only)
 */
public record NodeSettings(String clusterName, String nodeName, String bind, int port, List<String> members,
                           String discoveryDns, int quorum, Duration roundInterval, Duration lease,
                           double capacityRps, int apiPort, String apiToken, List<String> targetsAllow,
                           double maxRps, Path reportsDir, String nodeId, String publicAddress,
                           String clusterSecret) {

    /** The quorum value meaning "a majority of the members that joined and did not leave gracefully". */
    public static final int MAJORITY = -1;

    public NodeSettings {
        members = List.copyOf(members);
        targetsAllow = List.copyOf(targetsAllow);
        nodeName = nodeName == null ? "" : nodeName;
        nodeId = nodeId == null || nodeId.isEmpty() ? (nodeName.isEmpty() ? NodeIdentity.generate() : nodeName) : nodeId;
        publicAddress = publicAddress == null ? "" : publicAddress.trim();
        clusterSecret = clusterSecret == null ? "" : clusterSecret;
    }

    /** Settings without a cluster secret. */
    public NodeSettings(String clusterName, String nodeName, String bind, int port, List<String> members,
                        String discoveryDns, int quorum, Duration roundInterval, Duration lease, double capacityRps,
                        int apiPort, String apiToken, List<String> targetsAllow, double maxRps, Path reportsDir,
                        String nodeId, String publicAddress) {
        this(clusterName, nodeName, bind, port, members, discoveryDns, quorum, roundInterval, lease, capacityRps,
                apiPort, apiToken, targetsAllow, maxRps, reportsDir, nodeId, publicAddress, "");
    }

    /** No secret shown. */
    @Override
    public String toString() {
        return "NodeSettings[cluster=" + clusterName + ", node=" + nodeId + ", bind=" + bind + ":" + port + ", members="
                + members + ", quorum=" + (majorityQuorum() ? "majority" : quorum) + ", api.port=" + apiPort
                + ", token=" + (hasToken() ? "set" : "none") + ", secret=" + (clusterSecret.isEmpty() ? "none" : "set")
                + "]";
    }

    /** Settings whose id is the node name when given, else a generated one; no public address. */
    public NodeSettings(String clusterName, String nodeName, String bind, int port, List<String> members,
                        String discoveryDns, int quorum, Duration roundInterval, Duration lease, double capacityRps,
                        int apiPort, String apiToken, List<String> targetsAllow, double maxRps, Path reportsDir) {
        this(clusterName, nodeName, bind, port, members, discoveryDns, quorum, roundInterval, lease, capacityRps,
                apiPort, apiToken, targetsAllow, maxRps, reportsDir, "", "");
    }

    public boolean majorityQuorum() {
        return quorum == MAJORITY;
    }

    public boolean hasToken() {
        return apiToken != null && !apiToken.isEmpty();
    }

    /** The name shown to people: the node name, or the id when none is set. */
    public String displayName() {
        return nodeName.isEmpty() ? nodeId : nodeName;
    }

    /** The limits every session is validated against, here and in the API: one place. */
    public Limits limits() {
        return Limits.DEFAULT.withMaxRps(maxRps).withAllowHosts(targetsAllow.contains("*") ? List.of() : targetsAllow);
    }

    /** The Hazelcast side of the settings. */
    public GridSettings toGridSettings() {
        Quorum q = majorityQuorum() ? Quorum.MAJORITY : quorum <= 1 ? Quorum.OFF : Quorum.of(quorum);
        return GridSettings.defaults()
                .withClusterName(clusterName)
                .withNode(nodeId, displayName())
                .withNetwork(bind, port, members, discoveryDns)
                .withPublicAddress(publicAddress)
                .withQuorum(q)
                .withRounds(roundInterval, lease)
                .withClusterSecret(clusterSecret);
    }

    public NodeSettings withNodeId(String id) {
        return new NodeSettings(clusterName, nodeName, bind, port, members, discoveryDns, quorum, roundInterval, lease,
                capacityRps, apiPort, apiToken, targetsAllow, maxRps, reportsDir, id, publicAddress, clusterSecret);
    }

    /** A new display name; the id stays. */
    public NodeSettings withNodeName(String name) {
        return new NodeSettings(clusterName, name, bind, port, members, discoveryDns, quorum, roundInterval, lease,
                capacityRps, apiPort, apiToken, targetsAllow, maxRps, reportsDir, nodeId, publicAddress, clusterSecret);
    }

    public NodeSettings withPort(int newPort) {
        return new NodeSettings(clusterName, nodeName, bind, newPort, members, discoveryDns, quorum, roundInterval,
                lease, capacityRps, apiPort, apiToken, targetsAllow, maxRps, reportsDir, nodeId, publicAddress, clusterSecret);
    }

    public NodeSettings withClusterSecret(String secret) {
        return new NodeSettings(clusterName, nodeName, bind, port, members, discoveryDns, quorum, roundInterval, lease,
                capacityRps, apiPort, apiToken, targetsAllow, maxRps, reportsDir, nodeId, publicAddress, secret);
    }

    public NodeSettings withPublicAddress(String address) {
        return new NodeSettings(clusterName, nodeName, bind, port, members, discoveryDns, quorum, roundInterval, lease,
                capacityRps, apiPort, apiToken, targetsAllow, maxRps, reportsDir, nodeId, address, clusterSecret);
    }
}
