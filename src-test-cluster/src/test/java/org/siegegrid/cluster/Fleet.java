package org.siegegrid.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * A fleet of real {@code serve} nodes for fault tests, each on its own loopback address (127.0.0.2,
 * 127.0.0.3, ...) and the same Hazelcast port 5701, plus the built-in sink on 127.0.0.1 as the ground
 * truth. Faults: {@link #kill9}, {@link #stop}/{@link #cont} (SIGSTOP/SIGCONT), {@link #terminate}
 * (SIGTERM: graceful leave), {@link #restart} with the same id, {@link #partition}/{@link #heal}
 * (iptables, through {@link Firewall}). {@link #close} (and a JVM shutdown hook, should the test JVM
 * be ended first) ends every process it started by its PID and removes the firewall chain.
 */
final class Fleet implements AutoCloseable {
    /** Each node's JVM flags, plus any in {@code -Dsiegegrid.it.nodeJvm="..."} (e.g. a debug log4j2 file). */
    static final List<String> NODE_JVM = nodeJvm(System.getProperty("siegegrid.it.nodeJvm", ""));
    static final int HZ_PORT = 5701;
    /** The last byte of the first node's address: 127.0.0.2 unless {@code -Dsiegegrid.it.firstAddress=N}. */
    static final int FIRST = Integer.getInteger("siegegrid.it.firstAddress", 2);

    /** One node: its id, address and API port stay; its process changes on a restart. */
    static final class Node {
        final String id;
        final String address;
        final int apiPort;
        volatile Procs.Proc proc;
        int runs;

        Node(String id, String address, int apiPort) {
            this.id = id;
            this.address = address;
            this.apiPort = apiPort;
        }

        String api() {
            return "http://" + address + ":" + apiPort;
        }

        long pid() {
            return proc.pid();
        }

        boolean alive() {
            return proc != null && proc.process().isAlive();
        }

        @Override
        public String toString() {
            return id;
        }
    }

    private static List<String> nodeJvm(String more) {
        List<String> jvm = new ArrayList<>(List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC"));
        for (String flag : more.trim().split("\\s+")) {
            if (!flag.isEmpty()) {
                jvm.add(flag);
            }
        }
        return List.copyOf(jvm);
    }

    private final Procs procs;
    private final Firewall firewall;
    private final String cluster = "ft-" + UUID.randomUUID().toString().substring(0, 8);
    private final String quorum;
    private final List<String> extra;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Procs.Proc> everything = new ArrayList<>();
    private final Path reports;
    private final Thread hook = new Thread(this::emergencyStop, "fleet-shutdown");
    private final Duration sinkLifetime;
    private Procs.Proc sinkProc;
    private int sinkPort;
    private int sinkRuns;

    private Fleet(String label, int n, String quorum, List<String> extra, Duration sinkLifetime) throws IOException {
        this.quorum = quorum;
        this.sinkLifetime = sinkLifetime;
        this.extra = List.copyOf(extra);
        this.procs = new Procs(Procs.jar(), Procs.logs().resolve(label));
        this.reports = Files.createTempDirectory("siegegrid-fleet-");
        Runtime.getRuntime().addShutdownHook(hook);
        this.firewall = new Firewall();
        int[] ports = Http.freePorts(n + 1);
        sinkPort = ports[0];
        for (int i = 0; i < n; i++) {
            int last = FIRST + i;
            nodes.add(new Node("n" + last, "127.0.0." + last, ports[i + 1]));
        }
    }

    /**
     * Starts the sink and {@code n} nodes ({@code --quorum quorum}, plus {@code extra} serve flags) and waits
     * until every node sees one cluster of {@code n}; logs go to {@code <siegegrid.logs>/<label>/}. On any
     * failure everything started is stopped.
     */
    static Fleet start(String label, int n, String quorum, List<String> extra) throws Exception {
        return start(label, n, n, quorum, extra, Duration.ofMinutes(10));
    }

    /** The same with a sink that lives longer than its default 10 minutes (it exits by itself after them). */
    static Fleet start(String label, int n, String quorum, List<String> extra, Duration sinkLifetime) throws Exception {
        return start(label, n, n, quorum, extra, sinkLifetime);
    }

    /**
     * Like {@link #start(String, int, String, List)} for a fleet of {@code n} nodes of which only the first
     * {@code running} start now; the others (in every node's member list already) {@link #join} later.
     */
    static Fleet start(String label, int n, int running, String quorum, List<String> extra) throws Exception {
        return start(label, n, running, quorum, extra, Duration.ofMinutes(10));
    }

    private static Fleet start(String label, int n, int running, String quorum, List<String> extra,
                               Duration sinkLifetime) throws Exception {
        Fleet f = new Fleet(label, n, quorum, extra, sinkLifetime);
        try {
            long t0 = System.nanoTime();
            f.spawnSink();
            List<Node> first = f.nodes.subList(0, running);
            for (Node node : first) {
                f.spawn(node); // all at once: their JVM starts and Hazelcast joins overlap
            }
            for (Node node : first) {
                f.awaitReady(node);
            }
            await(Duration.ofSeconds(20)).until(() -> Http.get(f.sink() + "/__stats").status() == 200);
            f.awaitOneCluster(first, Duration.ofSeconds(90));
            System.out.printf("fleet %s: %d nodes %s, quorum %s, one cluster after %.1f s; sink %s%n", f.cluster, running,
                    first.stream().map(x -> x.id + "@" + x.address + " pid " + x.pid()).toList(), quorum,
                    (System.nanoTime() - t0) / 1e9, f.sink());
            return f;
        } catch (Exception | Error e) {
            f.dumpLogs();
            f.close();
            throw e;
        }
    }

    private void spawnSink() throws IOException {
        sinkRuns++;
        String name = sinkRuns > 1 ? "sink-run" + sinkRuns : "sink";
        sinkProc = track(procs.start(name, List.of("-Xmx256m", "-XX:+UseSerialGC"), List.of("target", "--port",
                Integer.toString(sinkPort), "--bind", "127.0.0.1", "--duration", sinkLifetime.toSeconds() + "s")));
    }

    static ConditionFactory await(Duration atMost) {
        return Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100)).pollInSameThread();
    }

    private Procs.Proc track(Procs.Proc p) {
        synchronized (everything) {
            everything.add(p);
        }
        return p;
    }

    private void launch(Node node) throws IOException {
        spawn(node);
        awaitReady(node);
    }

    private void spawn(Node node) throws IOException {
        String members = nodes.stream().map(x -> x.address).collect(Collectors.joining(","));
        List<String> args = new ArrayList<>(List.of("serve", "--cluster-name", cluster, "--node-id", node.id,
                "--bind", node.address, "--port", Integer.toString(HZ_PORT), "--api-port", Integer.toString(node.apiPort),
                "--members", members, "--quorum", quorum, "--reports-dir", reports.resolve(node.id).toString()));
        args.addAll(extra);
        node.runs++;
        node.proc = track(procs.start(node.id + (node.runs > 1 ? "-run" + node.runs : ""), NODE_JVM, args));
    }

    private void awaitReady(Node node) {
        String ready = "SiegeGrid node " + node.id + " API http://";
        await(Duration.ofSeconds(60)).until(() -> {
            if (!node.proc.process().isAlive()) {
                throw new IllegalStateException(node.id + " exited " + node.proc.process().exitValue() + ":\n"
                        + node.proc.output());
            }
            return node.proc.output().contains(ready);
        });
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    Node node(int i) {
        return nodes.get(i);
    }

    String sink() {
        return "http://127.0.0.1:" + sinkPort;
    }

    String cluster() {
        return cluster;
    }

    // ---- cluster views ----

    /** The member ids {@code node} sees (empty when its API does not answer). */
    static Set<String> members(Node node) {
        Http.Answer a = Http.get(node.api() + "/api/v1/cluster");
        if (a.status() != 200) {
            return Set.of();
        }
        return a.json().getAsJsonArray("members").asList().stream().map(JsonElement::getAsString)
                .collect(Collectors.toSet());
    }

    /**
     * The fleet's oldest member, as node 0 reports it ({@code coordinator} in {@code GET /api/v1/cluster}):
     * Hazelcast's master, whose loss makes the others elect a new one.
     */
    Node coordinator() {
        String id = Http.get(nodes.get(0).api() + "/api/v1/cluster").json().get("coordinator").getAsString();
        return nodes.stream().filter(n -> n.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("coordinator " + id + " is not a node of this fleet"));
    }

    /** Waits until each of {@code group} sees exactly {@code group} as members. */
    void awaitOneCluster(Collection<Node> group, Duration atMost) {
        Set<String> ids = group.stream().map(x -> x.id).collect(Collectors.toSet());
        await(atMost).until(() -> group.stream().allMatch(x -> members(x).equals(ids)));
    }

    // ---- faults ----

    /** {@code kill -9}; waits for the process to be gone. */
    void kill9(Node node) throws InterruptedException {
        signal(node, "KILL");
        node.proc.process().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGSTOP: the process is frozen, its sockets stay open. */
    void stop(Node node) {
        signal(node, "STOP");
    }

    /** SIGCONT. */
    void cont(Node node) {
        signal(node, "CONT");
    }

    /** SIGTERM: the node leaves the cluster gracefully; waits (bounded) for its exit. Returns the exit code or -1. */
    int terminate(Node node) throws InterruptedException {
        signal(node, "TERM");
        return node.proc.process().waitFor(30, TimeUnit.SECONDS) ? node.proc.process().exitValue() : -1;
    }

    /** Starts a node of the fleet that was not started yet; waits for its ready line. */
    void join(Node node) throws IOException {
        if (node.proc != null) {
            throw new IllegalStateException(node.id + " was started already");
        }
        launch(node);
    }

    /** Starts a node that is gone again, with the same id, address and ports; waits for its ready line. */
    void restart(Node node) throws IOException {
        if (node.alive()) {
            throw new IllegalStateException(node.id + " is still running (pid " + node.pid() + ")");
        }
        launch(node);
    }

    /** Drops every packet between the addresses of {@code a} and those of {@code b}, both ways. */
    void partition(Set<Node> a, Set<Node> b) {
        firewall.partition(addresses(a), addresses(b));
    }

    void heal() {
        firewall.heal();
    }

    private static Set<String> addresses(Set<Node> group) {
        return group.stream().map(x -> x.address).collect(Collectors.toSet());
    }

    private static void signal(Node node, String sig) {
        kill(node.pid(), sig);
    }

    private static void kill(long pid, String sig) {
        try {
            Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + sig + " " + pid + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- sessions and the sink ----

    /** The sink's {@code /__stats}. */
    JsonObject sinkStats() {
        return Http.get(sink() + "/__stats").json();
    }

    List<Long> sinkPerSecond() {
        return sinkStats().getAsJsonArray("perSecond").asList().stream().map(JsonElement::getAsLong).toList();
    }

    /** The sink's count once it has stopped moving for half a second (in-flight requests landed). */
    long settledSinkCount() {
        long[] last = {-1};
        await(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long now = sinkStats().get("requests").getAsLong();
            boolean same = now == last[0];
            last[0] = now;
            return same;
        });
        return last[0];
    }

    int sinkPort() {
        return sinkPort;
    }

    /** Stops the sink (SIGTERM) and waits for its exit; returns its exit code. Its counts go with it. */
    int stopSink() throws InterruptedException {
        return Procs.stop(sinkProc);
    }

    /** What the sink process (the current one) printed. */
    String sinkOutput() {
        return sinkProc.output();
    }

    /** Starts the sink again on the same port (a new process, counting from 0); waits until it answers. */
    void startSink() throws IOException {
        if (sinkProc.process().isAlive()) {
            throw new IllegalStateException("the sink is still running (pid " + sinkProc.pid() + ")");
        }
        spawnSink();
        await(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> Http.get(sink() + "/__stats").status() == 200);
    }

    /** Bytes each node's process has sent to the sink, over the connections open now (from {@code ss}). */
    long bytesToSink(Node node) {
        return SocketBytes.sentTo(sinkPort).getOrDefault(node.pid(), 0L);
    }

    // ---- the end ----

    /** The last lines of every log, for a failure. */
    void dumpLogs() {
        List<Procs.Proc> all;
        synchronized (everything) {
            all = List.copyOf(everything);
        }
        for (Procs.Proc p : all) {
            String log = p.output();
            System.out.println("---- " + p.name() + " log (last 3000 chars) ----\n"
                    + log.substring(Math.max(0, log.length() - 3000)));
        }
    }

    /** The shutdown hook: if the test JVM ends before close, no node, sink or rule is left behind. */
    private void emergencyStop() {
        List<Procs.Proc> all;
        synchronized (everything) {
            all = List.copyOf(everything);
        }
        for (Procs.Proc p : all) {
            if (p.process().isAlive()) {
                kill(p.pid(), "CONT");
                p.process().destroyForcibly();
            }
        }
        Firewall.remove();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            firewall.close();
            List<Procs.Proc> all;
            synchronized (everything) {
                all = List.copyOf(everything);
            }
            for (Procs.Proc p : all) {
                if (p.process().isAlive()) {
                    kill(p.pid(), "CONT"); // a stopped process would hold its SIGTERM until the bound
                }
            }
            procs.close();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            deleteQuietly(reports);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory
        }
    }
}
