package org.siegegrid.core.grid;

import java.util.List;
import java.util.stream.Collectors;

import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;

import org.siegegrid.core.session.Problem;

/**
 * Builds the Hazelcast member config from {@link GridSettings}. The same defaults are written out
 * in {@code config/hazelcast.yaml}. Build one Config per member: the majority quorum function
 * keeps per-member state.
 */
public final class GridConfigFactory {

    public static final String SESSIONS = "sessions";
    public static final String NODES = "nodes";
    public static final String STATS = "stats";
    public static final String REPORTS = "reports";
    public static final String SERIES = "series";
    public static final List<String> MAPS = List.of(SESSIONS, NODES, STATS, REPORTS, SERIES);

    public static final String QUORUM_NAME = "siegegrid-quorum";
    public static final String CONTROL_EXECUTOR = "siegegrid-control";
    public static final String NODE_ID_ATTRIBUTE = "siegegrid.node-id";
    public static final String NODE_NAME_ATTRIBUTE = "siegegrid.node-name";

    private GridConfigFactory() {
    }

    public static Config build(GridSettings s) {
        List<Problem> problems = s.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("bad grid settings: "
                    + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        }
        Config c = new Config();
        c.setClusterName(s.clusterName());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "log4j2");
        c.setProperty("hazelcast.heartbeat.interval.seconds", seconds(s.heartbeatInterval()));
        c.setProperty("hazelcast.max.no.heartbeat.seconds", seconds(s.maxNoHeartbeat()));
        c.setProperty("hazelcast.merge.first.run.delay.seconds", seconds(s.mergeFirstRun()));
        c.setProperty("hazelcast.merge.next.run.delay.seconds", seconds(s.mergeNextRun()));
        c.setProperty("hazelcast.operation.call.timeout.millis", Long.toString(s.operationCallTimeout().toMillis()));
        // a sync write waits for backup acks at most this long (default 5 s, longer than the lease):
        // with a frozen backup owner, rounds still complete in time
        c.setProperty("hazelcast.operation.backup.timeout.millis", Long.toString(s.operationCallTimeout().toMillis()));
        c.getMemberAttributeConfig().setAttribute(NODE_ID_ATTRIBUTE, s.nodeId());
        c.getMemberAttributeConfig().setAttribute(NODE_NAME_ATTRIBUTE, s.nodeName() == null ? s.nodeId() : s.nodeName());
        network(c.getNetworkConfig(), s);
        GridSerialization.register(c.getSerializationConfig());
        if (s.quorum().enabled()) {
            SplitBrainProtectionConfig q = new SplitBrainProtectionConfig(QUORUM_NAME, true,
                    s.quorum().majority() ? 2 : s.quorum().size());
            q.setProtectOn(SplitBrainProtectionOn.READ_WRITE);
            if (s.quorum().majority()) {
                q.setFunctionImplementation(new MajorityQuorumFunction());
            }
            c.addSplitBrainProtectionConfig(q);
        }
        for (String name : MAPS) {
            MapConfig m = new MapConfig(name).setBackupCount(1).setAsyncBackupCount(0);
            if (s.quorum().enabled()) {
                m.setSplitBrainProtectionName(QUORUM_NAME);
            }
            if (name.equals(SESSIONS)) {
                m.getMergePolicyConfig().setPolicy(SessionMergePolicy.class.getName());
            }
            if (name.equals(STATS)) {
                m.addIndexConfig(new IndexConfig(IndexType.HASH, "sessionId"));   // a session's stats without a scan
            }
            c.addMapConfig(m);
        }
        c.addExecutorConfig(new ExecutorConfig(CONTROL_EXECUTOR).setPoolSize(2));
        return c;
    }

    private static void network(NetworkConfig net, GridSettings s) {
        net.setPort(s.port()).setPortAutoIncrement(s.portAutoIncrement());
        if (!s.bindAddress().equals("0.0.0.0")) {
            net.getInterfaces().setEnabled(true).addInterface(s.bindAddress());
        }
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (s.discoveryDns() != null) {
            join.getTcpIpConfig().setEnabled(false);
            join.getKubernetesConfig().setEnabled(true)
                    .setProperty("service-dns", s.discoveryDns())
                    .setProperty("service-port", Integer.toString(s.port()));
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(s.members());
        }
    }

    private static String seconds(java.time.Duration d) {
        return Long.toString(d.toSeconds());
    }
}
