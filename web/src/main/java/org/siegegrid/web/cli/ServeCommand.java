package org.siegegrid.web.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import com.hazelcast.core.LifecycleEvent;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.load.NativeEngine;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.node.NodeSettings;
import org.siegegrid.core.node.SettingsLoader;
import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.session.Limits;
import org.siegegrid.core.session.Problem;
import org.siegegrid.web.api.ApiServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code siegegrid serve}: one node (a Hazelcast member, the load engine and the REST API) in the
 * foreground. Settings: built-in defaults &lt; {@code --config FILE} &lt; {@code SIEGEGRID_*} &lt; flags.
 * Prints {@code SiegeGrid node <id> API http://HOST:PORT/} once it serves. SIGTERM or Ctrl-C: the
 * node leaves gracefully (its shares move to the others). {@code DELETE /api/v1/nodes/<id>}: the
 * same, then exit 0. Bad settings: one line per problem naming the key, exit 2.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run a SiegeGrid node: cluster member, load engine, REST API and admin UI.",
                "Every option also comes from SIEGEGRID_<KEY> (e.g. SIEGEGRID_API_TOKEN) or a --config file."})
final class ServeCommand implements Callable<Integer> {
    /** Made on first use: picocli loads this class for every command, and `run` does without Log4j. */
    private static final class Log {
        static final Logger LOG = LogManager.getLogger(ServeCommand.class);
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "settings file (keys as in config/siegegrid.properties)")
    Path config;
    @Option(names = "--cluster-name", paramLabel = "NAME", description = "nodes with the same name form one cluster")
    String clusterName;
    @Option(names = "--node-name", paramLabel = "NAME", description = "this node's stable id (default: bind:port)")
    String nodeName;
    @Option(names = "--bind", paramLabel = "ADDR", description = "address of Hazelcast and the API (default 127.0.0.1)")
    String bind;
    @Option(names = "--port", paramLabel = "PORT", description = "Hazelcast port (default 5701)")
    String port;
    @Option(names = "--members", paramLabel = "H[:P],...", description = "member addresses to join")
    String members;
    @Option(names = "--discovery-dns", paramLabel = "NAME", description = "DNS name of every member (Swarm: tasks.<service>)")
    String discoveryDns;
    @Option(names = "--quorum", paramLabel = "N|majority", description = "minimum cluster size for sending load")
    String quorum;
    @Option(names = "--round-interval", paramLabel = "1s", description = "whiteboard round period")
    String roundInterval;
    @Option(names = "--lease", paramLabel = "3s", description = "how long a node sends without a round (default 3 x round)")
    String lease;
    @Option(names = "--capacity-rps", paramLabel = "RPS", description = "this node's cap (0 = auto)")
    String capacityRps;
    @Option(names = "--api-port", paramLabel = "PORT", description = "REST API and UI port (default 8080; 0 = ephemeral)")
    String apiPort;
    @Option(names = "--api-token", paramLabel = "TOKEN", description = "bearer token for changes (required beyond loopback)")
    String apiToken;
    @Option(names = "--targets-allow", paramLabel = "PATTERNS", description = "host patterns sessions may target (* = any)")
    String targetsAllow;
    @Option(names = "--max-rps", paramLabel = "RPS", description = "cluster-wide rate cap of a session")
    String maxRps;
    @Option(names = "--reports-dir", paramLabel = "DIR", description = "where final reports are written")
    String reportsDir;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Problem> problems = new ArrayList<>();
        NodeSettings s = settings(System.getenv(), problems);
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("siegegrid serve: " + p));
            return Main.USAGE;
        }
        s = withFreePort(s);
        // our hook leaves gracefully; Hazelcast's own hook would terminate the member under it
        System.setProperty("hazelcast.shutdownhook.enabled", "false");
        ApiServer api = new ApiServer(s.bind(), s.apiPort(), s.apiToken());
        try {
            api.start();
        } catch (RuntimeException e) {
            err.println("siegegrid serve: api.port: cannot listen on " + s.bind() + ":" + s.apiPort() + ": " + root(e));
            return Main.USAGE;
        }
        SiegeNode node;
        String url;
        try {
            Grid grid = Grid.start(SiegeNode.gridSettings(s));
            // a wildcard bind advertises the address Hazelcast chose, as the other members see it
            url = api.url(grid.hazelcast().getCluster().getLocalMember().getAddress().getHost());
            node = SiegeNode.start(s, grid, new NativeEngine(), Ticker.SYSTEM, url);
        } catch (RuntimeException e) {
            api.close();
            err.println("siegegrid serve: cannot start the cluster member on " + s.bind() + ":" + s.port() + ": " + root(e));
            return Main.INTERNAL;
        }
        api.attach(node);
        return serve(node, api, url, out);
    }

    private int serve(SiegeNode node, ApiServer api, String url, PrintWriter out) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        AtomicInteger code = new AtomicInteger(Main.OK);
        node.onLeave(n -> ended.countDown());
        node.grid().hazelcast().getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.SHUTDOWN && !node.closed()) {
                Log.LOG.error("the cluster member shut down unexpectedly; stopping this node");
                code.set(Main.FAILED);
                ended.countDown();
            }
        });
        Thread hook = new Thread(() -> {
            Log.LOG.info("signal: node {} leaves the cluster", node.nodeId());
            node.leave();
            api.close();
        }, "serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("SiegeGrid node " + node.nodeId() + " API " + url);
        out.flush();
        Log.LOG.info("node {}: API and UI on {}, metrics on {}metrics{}", node.nodeId(), url, url,
                api.tokenRequired() ? "; changes need the bearer token" : "");
        ended.await();
        node.close();
        api.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running
        }
        Log.LOG.info("node {} stopped", node.nodeId());
        return code.get();
    }

    /** Every setting resolved and checked; null with {@code problems} filled when one is wrong. */
    NodeSettings settings(Map<String, String> env, List<Problem> problems) {
        SettingsLoader loader = new SettingsLoader();
        if (config != null) {
            loader.file(config, problems);
        }
        loader.env(env)
                .flag("cluster.name", clusterName).flag("node.name", nodeName).flag("bind", bind).flag("port", port)
                .flag("members", members).flag("discovery.dns", discoveryDns).flag("quorum", quorum)
                .flag("round.interval", roundInterval).flag("lease", lease).flag("capacity.rps", capacityRps)
                .flag("api.port", apiPort).flag("api.token", apiToken).flag("targets.allow", targetsAllow)
                .flag("max.rps", maxRps).flag("reports.dir", reportsDir);
        NodeSettings s = loader.resolve(problems);
        if (s == null) {
            return null;
        }
        problems.addAll(ServeChecks.check(s));
        return problems.isEmpty() ? s : null;
    }

    /**
     * Without a node name the node id is bind:port, so it must be the port Hazelcast really takes:
     * when the configured one is busy (a second node on this host), take the next free one now, as
     * Hazelcast's port auto-increment would, and name the node after it.
     */
    static NodeSettings withFreePort(NodeSettings s) {
        if (!s.nodeName().isEmpty()) {
            return s;
        }
        for (int p = s.port(); p < Math.min(65536, s.port() + 100); p++) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress(p));
                if (p != s.port()) {
                    Log.LOG.info("port {} is busy; this node takes {} (id {}:{})", s.port(), p, s.bind(), p);
                }
                return s.withPort(p);
            } catch (java.io.IOException busy) {
                // try the next one
            }
        }
        return s;
    }

    private static String root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** Checks beyond the loader's: the bind address, the token rule, the allow-list, the grid settings. */
    static final class ServeChecks {
        private static final Map<String, String> GRID_KEYS = Map.of("clusterName", "cluster.name", "nodeId", "node.name",
                "bind", "bind", "port", "port", "members", "members", "quorum", "quorum",
                "roundInterval", "round.interval", "lease", "lease");

        private ServeChecks() {
        }

        static List<Problem> check(NodeSettings s) {
            List<Problem> problems = new ArrayList<>();
            InetAddress address = null;
            try {
                address = InetAddress.getByName(s.bind());
            } catch (UnknownHostException | SecurityException e) {
                problems.add(new Problem("bind", "cannot resolve '" + s.bind() + "'"));
            }
            if (address != null && !address.isLoopbackAddress() && !s.hasToken()) {
                problems.add(new Problem("api.token", "required when the API binds beyond loopback (bind " + s.bind()
                        + "): set SIEGEGRID_API_TOKEN or --api-token, or bind 127.0.0.1"));
            }
            try {
                Limits.parseAllowList(String.join(",", s.targetsAllow()));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("targets.allow", e.getMessage()));
            }
            if (s.apiPort() != 0 && s.apiPort() == s.port()) {
                problems.add(new Problem("api.port", "must differ from port (Hazelcast's), both are " + s.port()));
            }
            var grid = SiegeNode.gridSettings(s);
            for (Problem p : grid.validate()) {
                if (p.field().equals("operationCallTimeout")) {
                    problems.add(new Problem("lease", "must be well above the cluster's operation call timeout ("
                            + grid.operationCallTimeout().toMillis() + " ms), got " + s.lease().toMillis()
                            + " ms (by default the lease is 3 x round.interval)"));
                } else {
                    problems.add(new Problem(GRID_KEYS.getOrDefault(p.field(), p.field()), p.message()));
                }
            }
            return problems;
        }
    }
}
