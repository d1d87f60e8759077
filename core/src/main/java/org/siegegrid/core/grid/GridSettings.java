package org.siegegrid.core.grid;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.siegegrid.core.session.Problem;

/**
 * What a node needs to join the cluster. Immutable; {@link #defaults()} gives the documented
 * defaults (config/hazelcast.yaml), the {@code with*} methods override one value.
 *
 * @param clusterName          Hazelcast cluster name: only nodes with the same name form a cluster
 * @param nodeId               stable node id (whiteboard key, member attribute); survives merges, unlike member UUIDs
 * @param nodeName             display name
 * @param bindAddress          address Hazelcast binds and advertises; "0.0.0.0" = all interfaces
 * @param port                 Hazelcast port (5701)
 * @param portAutoIncrement    try the next ports when taken (several nodes on one host)
 * @param members              TCP-IP member list ("host" or "host:port"); empty = alone unless DNS discovery
 * @param discoveryDns         DNS names (comma list, {@code name[:port]}) resolving to all members (Swarm:
 *                             {@code tasks.<service>}), looked up again on every join and merge search; null = off
 * @param quorum               minimum cluster size for sending load
 * @param roundInterval        whiteboard round period per node per running session
 * @param lease                how long a node may send without a successful round
 * @param heartbeatInterval    Hazelcast heartbeat interval (whole seconds)
 * @param maxNoHeartbeat       a member silent this long is removed (whole seconds)
 * @param mergeFirstRun        delay before the first split-brain merge check (whole seconds)
 * @param mergeNextRun         period of the merge checks (whole seconds)
 * @param operationCallTimeout Hazelcast operation call timeout, well under the lease
 * @param tombstoneTtl         how long a deleted session's tombstone is kept (longer than a merge takes)
 * @param publicAddress        {@code host[:port]} the other members dial (containers with bind 0.0.0.0); null =
 *                             the bind address, or the one Hazelcast picks for a wildcard bind
 * @param clusterSecret        the shared secret members prove and specs are sealed with ({@link MemberTrust}); null =
 *                             none (every member trusted: loopback only)
 */
public record GridSettings(String clusterName, String nodeId, String nodeName, String bindAddress, int port,
                           boolean portAutoIncrement, List<String> members, String discoveryDns, Quorum quorum,
                           Duration roundInterval, Duration lease, Duration heartbeatInterval,
                           Duration maxNoHeartbeat, Duration mergeFirstRun, Duration mergeNextRun,
                           Duration operationCallTimeout, Duration tombstoneTtl, String publicAddress,
                           String clusterSecret) {

    public GridSettings {
        members = members == null ? List.of() : List.copyOf(members);
        quorum = quorum == null ? Quorum.OFF : quorum;
        discoveryDns = discoveryDns == null || discoveryDns.isBlank() ? null : discoveryDns.trim();
        publicAddress = publicAddress == null || publicAddress.isBlank() ? null : publicAddress.trim();
        clusterSecret = clusterSecret == null || clusterSecret.isEmpty() ? null : clusterSecret;
    }

    /** The settings without a public address (the component added last; kept for existing callers). */
    public GridSettings(String clusterName, String nodeId, String nodeName, String bindAddress, int port,
                        boolean portAutoIncrement, List<String> members, String discoveryDns, Quorum quorum,
                        Duration roundInterval, Duration lease, Duration heartbeatInterval, Duration maxNoHeartbeat,
                        Duration mergeFirstRun, Duration mergeNextRun, Duration operationCallTimeout,
                        Duration tombstoneTtl) {
        this(clusterName, nodeId, nodeName, bindAddress, port, portAutoIncrement, members, discoveryDns, quorum,
                roundInterval, lease, heartbeatInterval, maxNoHeartbeat, mergeFirstRun, mergeNextRun,
                operationCallTimeout, tombstoneTtl, null, null);
    }

    /** The documented defaults, with a fresh random node name (= node id). */
    public static GridSettings defaults() {
        String name = "node-" + UUID.randomUUID().toString().substring(0, 8);
        return new GridSettings("siegegrid", name, name, "127.0.0.1", 5701, true, List.of(), null, Quorum.OFF,
                Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofMinutes(5), null, null);
    }

    /** Every problem at once; empty when the settings are usable. */
    public List<Problem> validate() {
        List<Problem> p = new ArrayList<>();
        if (blank(clusterName)) {
            p.add(new Problem("clusterName", "must not be empty"));
        }
        if (blank(nodeId)) {
            p.add(new Problem("nodeId", "must not be empty"));
        }
        if (blank(bindAddress)) {
            p.add(new Problem("bind", "must not be empty"));
        }
        if (port < 1 || port > 65535) {
            p.add(new Problem("port", "must be 1..65535: " + port));
        }
        if (discoveryDns != null) {
            p.addAll(DnsDiscovery.validate(discoveryDns));
        }
        if (discoveryDns != null && !members.isEmpty()) {
            p.add(new Problem("members", "give either a member list or DNS discovery, not both"));
        }
        for (String m : members) {
            if (blank(m)) {
                p.add(new Problem("members", "empty member address"));
            }
        }
        if (!quorum.majority() && quorum.size() < 1) {
            p.add(new Problem("quorum", "must be a positive number or 'majority'"));
        }
        if (clusterSecret != null && clusterSecret.length() < MemberTrust.MIN_SECRET_LENGTH) {
            p.add(new Problem("clusterSecret", "must be at least " + MemberTrust.MIN_SECRET_LENGTH + " characters"));
        }
        if (publicAddress != null && !validHostPort(publicAddress)) {
            p.add(new Problem("publicAddress", "must be host or host:port (IPv6: [addr]:port), port 1..65535: "
                    + publicAddress));
        }
        positive(p, "roundInterval", roundInterval);
        positive(p, "lease", lease);
        wholeSeconds(p, "heartbeatInterval", heartbeatInterval);
        wholeSeconds(p, "maxNoHeartbeat", maxNoHeartbeat);
        wholeSeconds(p, "mergeFirstRun", mergeFirstRun);
        wholeSeconds(p, "mergeNextRun", mergeNextRun);
        positive(p, "operationCallTimeout", operationCallTimeout);
        positive(p, "tombstoneTtl", tombstoneTtl);
        if (ok(lease) && ok(roundInterval) && lease.compareTo(roundInterval) <= 0) {
            p.add(new Problem("lease", "must be longer than the round interval (default 3 x roundInterval)"));
        }
        if (ok(lease) && ok(operationCallTimeout) && operationCallTimeout.compareTo(lease) >= 0) {
            p.add(new Problem("operationCallTimeout", "must be well under the lease"));
        }
        if (ok(heartbeatInterval) && ok(maxNoHeartbeat) && maxNoHeartbeat.compareTo(heartbeatInterval) <= 0) {
            p.add(new Problem("maxNoHeartbeat", "must be longer than the heartbeat interval"));
        }
        return p;
    }

    public GridSettings withClusterName(String v) {
        return new GridSettings(v, nodeId, nodeName, bindAddress, port, portAutoIncrement, members, discoveryDns,
                quorum, roundInterval, lease, heartbeatInterval, maxNoHeartbeat, mergeFirstRun, mergeNextRun,
                operationCallTimeout, tombstoneTtl, publicAddress, clusterSecret);
    }

    /** Sets the display name and the node id together. */
    public GridSettings withNode(String id, String name) {
        return new GridSettings(clusterName, id, name, bindAddress, port, portAutoIncrement, members, discoveryDns,
                quorum, roundInterval, lease, heartbeatInterval, maxNoHeartbeat, mergeFirstRun, mergeNextRun,
                operationCallTimeout, tombstoneTtl, publicAddress, clusterSecret);
    }

    public GridSettings withNetwork(String bind, int newPort, List<String> newMembers, String dns) {
        return new GridSettings(clusterName, nodeId, nodeName, bind, newPort, portAutoIncrement, newMembers, dns,
                quorum, roundInterval, lease, heartbeatInterval, maxNoHeartbeat, mergeFirstRun, mergeNextRun,
                operationCallTimeout, tombstoneTtl, publicAddress, clusterSecret);
    }

    public GridSettings withQuorum(Quorum q) {
        return new GridSettings(clusterName, nodeId, nodeName, bindAddress, port, portAutoIncrement, members,
                discoveryDns, q, roundInterval, lease, heartbeatInterval, maxNoHeartbeat, mergeFirstRun,
                mergeNextRun, operationCallTimeout, tombstoneTtl, publicAddress, clusterSecret);
    }

    public GridSettings withRounds(Duration interval, Duration newLease) {
        return new GridSettings(clusterName, nodeId, nodeName, bindAddress, port, portAutoIncrement, members,
                discoveryDns, quorum, interval, newLease, heartbeatInterval, maxNoHeartbeat, mergeFirstRun,
                mergeNextRun, operationCallTimeout, tombstoneTtl, publicAddress, clusterSecret);
    }

    public GridSettings withFailureDetection(Duration heartbeat, Duration maxSilence, Duration firstMerge,
                                             Duration nextMerge) {
        return new GridSettings(clusterName, nodeId, nodeName, bindAddress, port, portAutoIncrement, members,
                discoveryDns, quorum, roundInterval, lease, heartbeat, maxSilence, firstMerge, nextMerge,
                operationCallTimeout, tombstoneTtl, publicAddress, clusterSecret);
    }

    public GridSettings withOperationCallTimeout(Duration timeout) {
        return new GridSettings(clusterName, nodeId, nodeName, bindAddress, port, portAutoIncrement, members,
                discoveryDns, quorum, roundInterval, lease, heartbeatInterval, maxNoHeartbeat, mergeFirstRun,
                mergeNextRun, timeout, tombstoneTtl, publicAddress, clusterSecret);
    }

    /** {@code host[:port]} the other members dial; null or blank = none (the bind address). */
    public GridSettings withPublicAddress(String address) {
        return new GridSettings(clusterName, nodeId, nodeName, bindAddress, port, portAutoIncrement, members,
                discoveryDns, quorum, roundInterval, lease, heartbeatInterval, maxNoHeartbeat, mergeFirstRun,
                mergeNextRun, operationCallTimeout, tombstoneTtl, address, clusterSecret);
    }

    /** The cluster secret; null or empty = none. */
    public GridSettings withClusterSecret(String secret) {
        return new GridSettings(clusterName, nodeId, nodeName, bindAddress, port, portAutoIncrement, members,
                discoveryDns, quorum, roundInterval, lease, heartbeatInterval, maxNoHeartbeat, mergeFirstRun,
                mergeNextRun, operationCallTimeout, tombstoneTtl, publicAddress, secret);
    }

    /** The host of {@code host[:port]} ({@code [v6]:port} gives v6 without brackets). */
    public static String hostOf(String hostPort) {
        String a = hostPort.trim();
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end > 0 ? a.substring(1, end) : a;
        }
        int colon = a.indexOf(':');
        return colon >= 0 && colon == a.lastIndexOf(':') ? a.substring(0, colon) : a;
    }

    /** {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} or a bare IPv6 address. */
    static boolean validHostPort(String a) {
        String host = a;
        String port = null;
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            if (end < 2) {
                return false;
            }
            host = a.substring(1, end);
            String rest = a.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return false;
                }
                port = rest.substring(1);
            }
        } else if (a.indexOf(':') == a.lastIndexOf(':') && a.indexOf(':') >= 0) {
            host = a.substring(0, a.indexOf(':'));
            port = a.substring(a.indexOf(':') + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            return false;
        }
        if (port == null) {
            return true;
        }
        try {
            int n = Integer.parseInt(port);
            return n >= 1 && n <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static boolean ok(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void positive(List<Problem> p, String field, Duration d) {
        if (!ok(d)) {
            p.add(new Problem(field, "must be a positive duration"));
        }
    }

    private static void wholeSeconds(List<Problem> p, String field, Duration d) {
        if (!ok(d) || d.toMillis() % 1000 != 0) {
            p.add(new Problem(field, "must be a positive whole number of seconds (Hazelcast counts seconds)"));
        }
    }

    @Override
    public String toString() {
        return "GridSettings{cluster=" + clusterName + ", node=" + nodeId + "/" + nodeName + ", bind=" + bindAddress
                + ":" + port + (publicAddress == null ? "" : ", public=" + publicAddress) + ", members=" + members
                + ", dns=" + Objects.toString(discoveryDns, "-")
                + ", quorum=" + quorum + ", secret=" + (clusterSecret == null ? "none" : "set") + "}";
    }
}
