package org.siegegrid.core.grid;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;

import org.siegegrid.core.board.WhiteboardRound;
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
    /** Each session's event log (key = session id), bounded; deleted with the session. */
    public static final String EVENTS = "events";
    public static final List<String> MAPS = List.of(SESSIONS, NODES, STATS, REPORTS, SERIES, EVENTS);

    public static final String QUORUM_NAME = "siegegrid-quorum";
    public static final String CONTROL_EXECUTOR = "siegegrid-control";
    public static final String NODE_ID_ATTRIBUTE = "siegegrid.node-id";
    public static final String NODE_NAME_ATTRIBUTE = "siegegrid.node-name";

    /** Hazelcast's address picker reads these through {@code Config.getProperty} (5.7: DefaultAddressPicker). */
    static final String LOCAL_ADDRESS = "hazelcast.local.localAddress";
    static final String BIND_ANY = "hazelcast.socket.bind.any";
    static final String PREFER_IPV4 = "hazelcast.prefer.ipv4.stack";
    static final String DISCOVERY_ENABLED = "hazelcast.discovery.enabled";

    private GridConfigFactory() {
    }

    public static Config build(GridSettings s) {
        return build(s, NameResolver.system());
    }

    /** The config with DNS discovery ({@code discovery.dns}) looking names up through {@code resolver}. */
    public static Config build(GridSettings s, NameResolver resolver) {
        List<Problem> problems = s.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("bad grid settings: "
                    + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        }
        Config c = new Config();
        MemberTrust trust = MemberTrust.of(s.clusterSecret(), s.clusterName());
        c.setClusterName(trust.hazelcastClusterName());
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
        noSelectorStarvation(c);
        c.getMemberAttributeConfig().setAttribute(NODE_ID_ATTRIBUTE, s.nodeId());
        c.getMemberAttributeConfig().setAttribute(NODE_NAME_ATTRIBUTE, s.nodeName() == null ? s.nodeId() : s.nodeName());
        trust.attributes(c.getMemberAttributeConfig(), s.nodeId());
        c.getUserContext().put(MemberTrust.USER_CONTEXT_KEY, trust);
        if (trust.enabled()) {
            c.getUserContext().put(WhiteboardRound.TRUSTED_CALLER,
                    (BiPredicate<HazelcastInstance, String>) (hz, id) -> trust.carries(hz.getCluster().getMembers(), id));
        }
        network(c, c.getNetworkConfig(), s, resolver);
        // what Management Center reads (member metrics over the client protocol); on by default in 5.7, set here
        // so a changed default cannot silently blank MC
        c.getMetricsConfig().setEnabled(true).setCollectionFrequencySeconds(5);
        c.getMetricsConfig().getManagementCenterConfig().setEnabled(true);
        GridSerialization.register(c.getSerializationConfig());
        if (s.quorum().enabled()) {
            SplitBrainProtectionConfig q = new SplitBrainProtectionConfig(QUORUM_NAME, true,
                    s.quorum().majority() ? 2 : s.quorum().size());
            q.setProtectOn(SplitBrainProtectionOn.READ_WRITE);
            Duration window = contactWindow(s);
            HeardQuorumFunction f = s.quorum().majority()
                    ? new MajorityQuorumFunction(System::nanoTime, s.quorum().forgetAfter(), window)
                    : new FixedQuorumFunction(s.quorum().size(), System::nanoTime, window);
            q.setFunctionImplementation(f.trusting(trust));   // a member without the secret never counts
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
            c.addMapConfig(m);
        }
        c.addExecutorConfig(new ExecutorConfig(CONTROL_EXECUTOR).setPoolSize(2));
        return c;
    }

    /** True for an address meaning "every interface". */
    public static boolean isWildcard(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") || bind.equals("*");
    }

    /** True for a Hazelcast interface pattern ({@code 10.0.1.*}, {@code 10.0.1.10-20}): matched against the interfaces. */
    static boolean isInterfacePattern(String bind) {
        return !isWildcard(bind) && (bind.contains("*") || bind.matches(".*\\d-\\d.*") && !bind.contains(":"));
    }

    /**
     * A specific address (any of 127.0.0.0/8, ::1, a host name such as localhost) is bound and
     * advertised exactly, without interface matching (which only knows the addresses listed on an
     * interface, so 127.0.0.2 and ::1 failed): Hazelcast's {@code hazelcast.local.localAddress},
     * with {@code hazelcast.socket.bind.any=false} so it listens on that address only. Config
     * properties, not System ones, so in-JVM members do not see each other's.
     */
    /**
     * How recently a member must have been heard from to count toward the quorum: the silence after
     * which Hazelcast removes a member, less two heartbeats (3 s by default). A member cut off from the
     * rest loses its quorum within that plus one check (a heartbeat interval), before the others remove
     * it and their leases let them take its share.
     */
    public static Duration contactWindow(GridSettings s) {
        Duration hb = s.heartbeatInterval();
        Duration w = s.maxNoHeartbeat().minus(hb.multipliedBy(2));
        return w.compareTo(hb.multipliedBy(2)) < 0 ? hb.multipliedBy(2) : w;
    }

    /**
     * How long a node must have been silent (no heartbeat) before a round may hand its expired grant
     * away: the contact window plus one and a half heartbeats (4.5 s by default). A node that cannot
     * reach the board may hold its grant past its lease only while it hears a quorum within the
     * contact window (checked afresh, {@link Grid#quorumHeardWithin}); each side's last heartbeat from
     * the other can be up to one interval apart, and a member cut off from the rest loses its quorum
     * within the contact window plus one evaluation. The extra margin lets both stop first.
     */
    public static Duration silenceWindow(GridSettings s) {
        return contactWindow(s).plus(s.heartbeatInterval().multipliedBy(3).dividedBy(2));
    }

    /**
     * How long past its lease a node may hold its grant while its rounds fail and it hears a quorum:
     * long enough for Hazelcast to remove a frozen board owner (max no-heartbeat), promote the backup
     * and run two more rounds (7 s by default).
     */
    /** Hazelcast's system property for its selection-key wake-up shortcut (read from the JVM only, at start). */
    static final String SELECTION_KEY_WAKEUP = "hazelcast.io.selectionKeyWakeupEnabled";

    /**
     * Turns off Hazelcast's two output shortcuts, write-through and the selection-key wake-up, so every
     * write is queued as a task of its IO thread. Measured on 5.7.0 with real processes: once a frozen
     * member is suspected and its connection closed, its outbound pipeline re-queues itself for good and
     * the IO thread it shares never selects again (100 % of a core, {@code NioThread.processTaskQueue});
     * a connection that waits for a selector wake-up on that thread sends nothing more. When the frozen
     * member was the master, the member claiming mastership stopped heartbeating the third one, which then
     * removed it: the two healthy nodes split and paused 6.0-7.0 s (FreezeNodeIT freezing the master). With
     * both off, every write is a task of its IO thread and the spin did not occur (the output threads used
     * 4-54 ms of CPU over a 15 s freeze). The wake-up flag is a JVM-wide system property
     * that Hazelcast reads as a member starts; one an operator set is kept.
     */
    static void noSelectorStarvation(Config c) {
        c.setProperty("hazelcast.io.write.through", "false");
        if (System.getProperty(SELECTION_KEY_WAKEUP) == null) {
            System.setProperty(SELECTION_KEY_WAKEUP, "false");
        }
    }

    public static Duration holdAfterLease(GridSettings s) {
        return s.maxNoHeartbeat().plus(s.roundInterval().multipliedBy(2));
    }

    private static void network(Config c, NetworkConfig net, GridSettings s, NameResolver resolver) {
        // auto-increment tries the next ports; never past 65535 (Hazelcast would fail on "port out of range")
        net.setPort(s.port()).setPortAutoIncrement(s.portAutoIncrement())
                .setPortCount(Math.min(net.getPortCount(), 65536 - s.port()));
        if (s.publicAddress() != null) {
            net.setPublicAddress(s.publicAddress());
        }
        String bind = s.bindAddress();
        if (isInterfacePattern(bind)) {
            net.getInterfaces().setEnabled(true).addInterface(bind);
        } else if (isWildcard(bind)) {
            if (bind.contains(":")) {
                c.setProperty(PREFER_IPV4, "false");
            }
        } else {
            InetAddress address = resolve(bind);
            c.setProperty(LOCAL_ADDRESS, address.getHostAddress());
            c.setProperty(BIND_ANY, "false");
            if (address instanceof Inet6Address) {
                c.setProperty(PREFER_IPV4, "false");
            }
        }
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (s.discoveryDns() != null) {
            // our Discovery SPI strategy (DnsDiscoveryStrategy), looked up afresh on every join and split-brain search
            join.getTcpIpConfig().setEnabled(false);
            c.setProperty(DISCOVERY_ENABLED, "true");
            join.getDiscoveryConfig().addDiscoveryStrategyConfig(new DiscoveryStrategyConfig(
                    new DnsDiscoveryStrategy.Factory(resolver),
                    Map.of(DnsDiscoveryStrategy.NAMES.key(), s.discoveryDns(),
                            DnsDiscoveryStrategy.PORT.key(), Integer.toString(s.port()))));
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(withPorts(s.members(), s.port()));
        }
    }

    /**
     * Each member as {@code host:port}, a member given without a port at the cluster port. Left to
     * Hazelcast, a bare host stands for three ports (5701-5703), and its split-brain search waits 5 s
     * (a fixed timeout) on each address where nobody listens: with three hosts a partition took 26-38 s
     * to heal instead of one search interval. Several nodes on one host list each port.
     */
    static List<String> withPorts(List<String> members, int port) {
        return members.stream().map(String::trim).map(m -> hasPort(m) ? m
                : m.indexOf(':') >= 0 && !m.startsWith("[") ? "[" + m + "]:" + port : m + ":" + port).toList();
    }

    private static boolean hasPort(String member) {
        if (member.startsWith("[")) {
            return member.contains("]:");
        }
        int colon = member.indexOf(':');
        return colon >= 0 && colon == member.lastIndexOf(':');   // host:port, not a bare IPv6 address
    }

    /** The address a bind host name stands for (localhost -> 127.0.0.1 or ::1, as the resolver says). */
    public static InetAddress resolve(String bind) {
        String host = bind.startsWith("[") && bind.endsWith("]") ? bind.substring(1, bind.length() - 1) : bind;
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad grid settings: bind: cannot resolve '" + bind + "'", e);
        }
    }

    private static String seconds(java.time.Duration d) {
        return Long.toString(d.toSeconds());
    }
}
