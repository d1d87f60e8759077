package org.siegegrid.core.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.siegegrid.core.session.Limits;

/**
 * Everything a node is configured with, resolved (flag > env > file > default) by
 * {@link SettingsLoader}. Immutable.
 *
 * @param quorum      minimum cluster size for sending load; {@link #MAJORITY} for a majority of the fleet
 * @param lease       how long a node may send without a successful round
 * @param capacityRps this node's cap; 0 = auto
 * @param targetsAllow host patterns a session may target ("*" = any)
 */
public record NodeSettings(String clusterName, String nodeName, String bind, int port, List<String> members,
                           String discoveryDns, int quorum, Duration roundInterval, Duration lease,
                           double capacityRps, int apiPort, String apiToken, List<String> targetsAllow,
                           double maxRps, Path reportsDir) {

    /** The quorum value meaning "a majority of the members that joined and did not leave gracefully". */
    public static final int MAJORITY = -1;

    public NodeSettings {
        members = List.copyOf(members);
        targetsAllow = List.copyOf(targetsAllow);
    }

    public boolean majorityQuorum() {
        return quorum == MAJORITY;
    }

    public boolean hasToken() {
        return apiToken != null && !apiToken.isEmpty();
    }

    /** A stable id: the node name if given, else bind address and Hazelcast port. */
    public String nodeId() {
        return nodeName == null || nodeName.isEmpty() ? bind + ":" + port : nodeName;
    }

    /** The limits every session is validated against, here and in the API: one place. */
    public Limits limits() {
        return Limits.DEFAULT.withMaxRps(maxRps).withAllowHosts(targetsAllow.contains("*") ? List.of() : targetsAllow);
    }

    public NodeSettings withNodeName(String name) {
        return new NodeSettings(clusterName, name, bind, port, members, discoveryDns, quorum, roundInterval, lease,
                capacityRps, apiPort, apiToken, targetsAllow, maxRps, reportsDir);
    }

    public NodeSettings withPort(int newPort) {
        return new NodeSettings(clusterName, nodeName, bind, newPort, members, discoveryDns, quorum, roundInterval,
                lease, capacityRps, apiPort, apiToken, targetsAllow, maxRps, reportsDir);
    }
}
