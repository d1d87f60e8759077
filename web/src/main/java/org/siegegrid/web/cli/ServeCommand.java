package org.siegegrid.web.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import com.hazelcast.core.LifecycleEvent;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.grid.DuplicateNodeIdException;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.grid.GridConfigFactory;
import org.siegegrid.core.grid.GridSettings;
import org.siegegrid.core.load.NativeEngine;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.node.ApiAccess;
import org.siegegrid.core.node.NodeIdentity;
import org.siegegrid.core.node.NodeSettings;
import org.siegegrid.core.node.SettingsLoader;
import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.session.Limits;
import org.siegegrid.core.session.Problem;
import org.siegegrid.web.api.ApiServer;
import org.siegegrid.web.api.ApiTls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code siegegrid serve}: one node (a Hazelcast member, the load engine and the REST API) in the
 * foreground. Settings: built-in defaults &lt; {@code --config FILE} &lt; {@code SIEGEGRID_*} &lt; flags.
 * Prints {@code SiegeGrid node <id> API http://HOST:PORT/} once it serves ({@code https://} with
 * {@code api.tls.keystore}: the API then speaks only HTTPS). SIGTERM or Ctrl-C: the
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
    @Option(names = "--node-id", paramLabel = "ID",
            description = "this node's stable unique id (default: kept in <reports-dir>/node.id, generated once)")
    String nodeId;
    @Option(names = "--node-name", paramLabel = "NAME", description = "this node's display name (default: its id)")
    String nodeName;
    @Option(names = "--bind", paramLabel = "ADDR",
            description = "the one address Hazelcast and the API listen on (default 127.0.0.1; 0.0.0.0 = all)")
    String bind;
    @Option(names = "--port", paramLabel = "PORT", description = "Hazelcast port (default 5701; the next free one if taken)")
    String port;
    @Option(names = "--public-address", paramLabel = "HOST[:PORT]",
            description = "address the other members dial (with --bind 0.0.0.0 in containers)")
    String publicAddress;
    @Option(names = "--members", paramLabel = "H[:P],...", description = "member addresses to join")
    String members;
    @Option(names = "--discovery-dns", paramLabel = "NAME[:P],...", description = "DNS name(s) resolving to every member (Swarm: tasks.<service>), looked up again on each join and merge search")
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
    @Option(names = "--cluster-secret", paramLabel = "SECRET",
            description = "the fleet's shared secret, 16+ characters (required beyond loopback; prefer $SIEGEGRID_CLUSTER_SECRET)")
    String clusterSecret;
    @Option(names = "--api-auth", paramLabel = "changes|all",
            description = "which calls need the token: changes (default) or all (reads too; /health stays open)")
    String apiAuth;
    @Option(names = "--api-redact-headers", paramLabel = "NAMES",
            description = "header names whose values readers without the token see as <redacted>, added to the built-in ones")
    String apiRedactHeaders;
    @Option(names = "--api-tls-keystore", paramLabel = "FILE",
            description = "PKCS12 keystore (key and certificate): the API serves HTTPS on --api-port")
    String apiTlsKeystore;
    @Option(names = "--api-tls-password", paramLabel = "PASSWORD", description = "password of the --api-tls-keystore")
    String apiTlsPassword;
    @Option(names = "--targets-allow", paramLabel = "PATTERNS", description = "host patterns sessions may target (* = any)")
    String targetsAllow;
    @Option(names = "--max-rps", paramLabel = "RPS", description = "cluster-wide rate cap of a session")
    String maxRps;
    @Option(names = "--reports-dir", paramLabel = "DIR", description = "where final reports (and node.id) are written")
    String reportsDir;

    /** node.id as resolved from flag, env and file; empty = kept in reports.dir. */
    private String givenNodeId = "";
    /** api.auth and api.redact.headers as resolved with the other settings. */
    private ApiAccess access = ApiAccess.DEFAULT;
    /** The API's HTTPS context from api.tls.*; null = plain HTTP. */
    private SSLContext tls;

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
        NodeIdentity identity;
        try {
            identity = givenNodeId.isEmpty() ? NodeIdentity.acquire(s.reportsDir()) : NodeIdentity.given(givenNodeId);
        } catch (IOException | RuntimeException e) {
            err.println("siegegrid serve: node.id: cannot keep this node's id in " + s.reportsDir() + ": "
                    + oneLine(e) + "; give one with --node-id");
            return Main.USAGE;
        }
        try {
            return start(s.withNodeId(identity.id()), out, err);
        } finally {
            identity.close();
        }
    }

    private int start(NodeSettings s, PrintWriter out, PrintWriter err) throws InterruptedException {
        String cannotBind = cannotListenOn(s.bind());
        if (cannotBind != null) {
            err.println("siegegrid serve: bind: cannot listen on " + s.bind() + ": " + cannotBind);
            return Main.USAGE;
        }
        // our hook leaves gracefully; Hazelcast's own hook would terminate the member under it
        System.setProperty("hazelcast.shutdownhook.enabled", "false");
        ApiServer api = new ApiServer(s.bind(), s.apiPort(), s.apiToken(), access, tls);
        try {
            api.start();
        } catch (RuntimeException e) {
            err.println("siegegrid serve: api.port: cannot listen on " + s.bind() + ":" + s.apiPort() + ": " + oneLine(e));
            return Main.USAGE;
        }
        SiegeNode node;
        String url;
        try {
            Grid grid = Grid.start(s.toGridSettings());
            // the public address when given; for a wildcard bind, the address Hazelcast chose
            url = s.publicAddress().isEmpty()
                    ? api.url(grid.hazelcast().getCluster().getLocalMember().getAddress().getHost())
                    : api.urlAt(GridSettings.hostOf(s.publicAddress()));
            // the native engine, and siege when its binary is on the PATH (the node's view lists which)
            node = SiegeNode.start(s, grid, org.siegegrid.core.node.Engines.detect(new NativeEngine(), Ticker.SYSTEM),
                    Ticker.SYSTEM, url);
            sayClusterPort(s, grid.hazelcast().getCluster().getLocalMember().getSocketAddress().getPort());
        } catch (DuplicateNodeIdException e) {
            api.close();
            err.println("siegegrid serve: node.id: " + e.nodeId() + " is already a member of cluster " + e.clusterName()
                    + " (at " + e.address() + "); give this node another --node-id");
            return Main.USAGE;
        } catch (RuntimeException e) {
            api.close();
            Log.LOG.debug("the cluster member did not start", e);
            err.println(memberStartFailure(s, e));
            return Main.INTERNAL;
        }
        api.attach(node);
        return serve(node, api, url, out);
    }

    /** Beyond loopback, one line on where the cluster port listens (what to firewall). */
    static void sayClusterPort(NodeSettings s, int port) {
        String bind = s.bind();
        if (GridConfigFactory.isWildcard(bind)) {
            Log.LOG.warn("cluster port {} listens on every interface (bind {}): firewall it so that only the fleet"
                    + " reaches it{}", port, bind, s.clusterSecret().isEmpty() ? "" : "; members prove cluster.secret");
        } else if (!GridConfigFactory.resolve(bind).isLoopbackAddress()) {
            Log.LOG.info("cluster port listens on {} only{}", hostPort(GridConfigFactory.resolve(bind).getHostAddress(),
                    port), s.clusterSecret().isEmpty() ? "" : "; members prove cluster.secret");
        }
    }

    /** One line for a member that did not start: a socket problem names the bind address and port. */
    static String memberStartFailure(NodeSettings s, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketException) {
                return "siegegrid serve: bind: cannot listen on " + hostPort(s.bind(), s.port()) + ": " + oneLine(t);
            }
        }
        return "siegegrid serve: cannot start the cluster member on " + hostPort(s.bind(), s.port()) + ": " + oneLine(e);
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Why nothing can listen on this address (not an address of this host, say), or null when a
     * socket can; a wildcard always can. The port is checked later, by the API and by Hazelcast.
     */
    static String cannotListenOn(String bind) {
        if (GridConfigFactory.isWildcard(bind)) {
            return null;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(GridConfigFactory.resolve(bind), 0), 1);
            return null;
        } catch (IOException | RuntimeException e) {
            return oneLine(e);
        }
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
                !api.tokenRequired() ? "" : access.auth() == ApiAccess.Auth.ALL
                        ? "; every call but /health needs the bearer token" : "; changes need the bearer token");
        String plain = ApiTls.plainHttpWarning(node.settings().bind(), api.tls());
        if (plain != null) {
            Log.LOG.warn("node {}: {}", node.nodeId(), plain);
        }
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
                .flag("cluster.name", clusterName).flag("node.id", nodeId).flag("node.name", nodeName).flag("bind", bind).flag("port", port)
                .flag("members", members).flag("discovery.dns", discoveryDns).flag("quorum", quorum)
                .flag("round.interval", roundInterval).flag("lease", lease).flag("capacity.rps", capacityRps)
                .flag("api.port", apiPort).flag("api.token", apiToken).flag("targets.allow", targetsAllow)
                .flag("max.rps", maxRps).flag("reports.dir", reportsDir).flag("public.address", publicAddress)
                .flag("cluster.secret", clusterSecret)
                .flag("api.auth", apiAuth).flag("api.redact.headers", apiRedactHeaders)
                .flag(ApiTls.KEYSTORE, apiTlsKeystore).flag(ApiTls.PASSWORD, apiTlsPassword);
        NodeSettings s = loader.resolve(problems);
        givenNodeId = loader.value("node.id");
        access = loader.apiAccess(problems);
        tls = ApiTls.fromSettings(loader, problems);
        if (s == null) {
            return null;
        }
        problems.addAll(ServeChecks.check(s));
        if (access.auth() == ApiAccess.Auth.ALL && !s.hasToken()) {
            problems.add(new Problem("api.auth", "'all' needs api.token (without one no call could read): set"
                    + " SIEGEGRID_API_TOKEN or --api-token, or use api.auth=changes"));
        }
        return problems.isEmpty() ? s : null;
    }

    /** The root cause's message, on one line. */
    static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        return m.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** Checks beyond the loader's: the bind address, the token rule, the allow-list, the grid settings. */
    static final class ServeChecks {
        private static final Map<String, String> GRID_KEYS = Map.of("clusterName", "cluster.name",
                "nodeId", "node.id", "bind", "bind", "publicAddress", "public.address", "port", "port",
                "members", "members", "quorum", "quorum", "roundInterval", "round.interval", "lease", "lease",
                "clusterSecret", "cluster.secret");

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
            if (address != null && !address.isLoopbackAddress() && s.clusterSecret().isEmpty()) {
                problems.add(new Problem("cluster.secret", "required when the cluster port binds beyond loopback (bind "
                        + s.bind() + "): anyone who reaches it could join and run sessions; set"
                        + " SIEGEGRID_CLUSTER_SECRET (16+ characters, the same on every node), or bind 127.0.0.1"));
            }
            try {
                Limits.parseAllowList(String.join(",", s.targetsAllow()));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("targets.allow", e.getMessage()));
            }
            if (s.apiPort() != 0 && s.apiPort() == s.port()) {
                problems.add(new Problem("api.port", "must differ from port (Hazelcast's), both are " + s.port()));
            }
            var grid = s.toGridSettings();
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
