package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code serve}'s identity and addresses: any 127.x, localhost and ::1 bind exactly (two nodes on
 * 127.0.0.2 and 127.0.0.3 share one port), a generated id is kept in reports.dir, a duplicate id
 * is refused, a member that cannot start says so in one line, and a start beyond loopback says in
 * one line where the cluster port listens.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ServeIdentityTest {
    private static final Pattern READY = Pattern.compile("SiegeGrid node (\\S+) API (http://\\S+/)");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    private final List<InProcess> nodes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (InProcess n : nodes) {
            n.stop();
        }
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String cluster() {
        return "sg-id-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void nodesOn127002And127003ShareOnePortEachListeningOnlyOnItsAddress() throws Exception {
        String cluster = cluster();
        int port = portFreeOn("127.0.0.2", "127.0.0.3", "127.0.0.4");
        Real a = real("serve", "--cluster-name", cluster, "--bind", "127.0.0.2", "--port", Integer.toString(port),
                "--api-port", "0", "--reports-dir", dir.resolve("a").toString());
        Real b = real("serve", "--cluster-name", cluster, "--bind", "127.0.0.3", "--port", Integer.toString(port),
                "--members", "127.0.0.2:" + port, "--api-port", "0", "--reports-dir", dir.resolve("b").toString());
        String urlA = a.awaitReady();
        String urlB = b.awaitReady();
        assertThat(urlA).startsWith("http://127.0.0.2:");
        assertThat(urlB).startsWith("http://127.0.0.3:");
        String idA = a.id;
        String idB = b.id;
        assertThat(idA).matches("n-[a-z2-7]{10}").isNotEqualTo(idB);
        assertThat(Files.readString(dir.resolve("a/node.id")).strip()).isEqualTo(idA);
        for (String url : List.of(urlA, urlB)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> members(url).size() == 2);
            assertThat(members(url)).containsExactlyInAnyOrder(idA, idB);
        }
        assertThat(listening("127.0.0.2", port)).isTrue();
        assertThat(listening("127.0.0.3", port)).isTrue();
        assertThat(listening("127.0.0.4", port)).as("not on every address").isFalse();
        assertThat(listening("127.0.0.1", port)).isFalse();
        System.out.printf("127.0.0.2:%d (%s) and 127.0.0.3:%d (%s) form one cluster%n", port, idA, port, idB);
    }

    @ParameterizedTest(name = "bind {0}")
    @ValueSource(strings = {"localhost", "::1", "127.0.0.7"})
    void localhostAndIpv6LoopbackStartAnswerAndJoin(String bind) throws Exception {
        String cluster = cluster();
        int first = portFreeOn(bind);
        InProcess n = inProcess("serve", "--cluster-name", cluster, "--bind", bind, "--port",
                Integer.toString(first), "--api-port", "0", "--reports-dir", dir.resolve("a").toString());
        String url = n.awaitReady();
        assertThat(url).isEqualTo(bind.contains(":") ? "http://[" + bind + "]:" + port(url) + "/"
                : "http://" + bind + ":" + port(url) + "/");
        assertThat(get(url + "health").body()).contains("\"status\":\"UP\"", "\"node\":\"" + n.id + "\"");
        assertThat(Files.readString(dir.resolve("a/node.id")).strip()).as("the generated id is kept").isEqualTo(n.id);

        // a second node on the same address joins the first through it
        int second = portFreeOn(bind);
        String member = bind.contains(":") ? "[" + bind + "]:" + first : bind + ":" + first;
        InProcess m = inProcess("serve", "--cluster-name", cluster, "--bind", bind, "--port",
                Integer.toString(second), "--members", member, "--api-port", "0", "--reports-dir",
                dir.resolve("b").toString());
        String url2 = m.awaitReady();
        for (String u : List.of(url, url2)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> members(u).size() == 2);
            assertThat(members(u)).containsExactlyInAnyOrder(n.id, m.id);
        }
    }

    @Test
    void aRestartedNodeKeepsItsIdAndASecondNodeOnTheSameDirectoryGetsAnother() throws Exception {
        String cluster = cluster();
        InProcess first = inProcess("serve", "--cluster-name", cluster, "--port", Integer.toString(portFreeOn("127.0.0.1")),
                "--api-port", "0", "--reports-dir", dir.toString());
        first.awaitReady();
        InProcess second = inProcess("serve", "--cluster-name", cluster(), "--port",
                Integer.toString(portFreeOn("127.0.0.1")), "--api-port", "0", "--reports-dir", dir.toString());
        second.awaitReady();
        assertThat(second.id).isNotEqualTo(first.id);
        assertThat(Files.readString(dir.resolve("node-2.id")).strip()).isEqualTo(second.id);
        first.stop();
        InProcess again = inProcess("serve", "--cluster-name", cluster, "--port", Integer.toString(portFreeOn("127.0.0.1")),
                "--api-port", "0", "--reports-dir", dir.toString());
        again.awaitReady();
        assertThat(again.id).isEqualTo(first.id);
    }

    @Test
    void aWildcardBindAdvertisesThePublicAddress() throws Exception {
        InProcess n = inProcess("serve", "--cluster-name", cluster(), "--bind", "0.0.0.0", "--api-token", "t",
                "--cluster-secret", "a secret of 16+ characters",
                "--public-address", "127.0.0.6", "--port", Integer.toString(portFreeOn("127.0.0.1")), "--api-port", "0",
                "--node-id", "pub", "--reports-dir", dir.toString());
        String url = n.awaitReady();
        assertThat(url).startsWith("http://127.0.0.6:");
        assertThat(n.id).isEqualTo("pub");
        assertThat(get(url + "api/v1/nodes/pub").body()).contains("\"apiUrl\":\"" + url + "\"");
        assertThat(dir.resolve("node.id")).as("a given id needs no file").doesNotExist();
    }

    /**
     * The one line on where the cluster port listens, read off a real serve's log: none on loopback,
     * INFO naming the one address for a specific bind beyond it, WARN for the wildcard.
     */
    @ParameterizedTest(name = "bind {0}")
    @ValueSource(strings = {"127.0.0.2", "0.0.0.0", "an address of an interface"})
    void aStartBeyondLoopbackSaysInOneLineWhereTheClusterPortListens(String what) throws Exception {
        String bind = what.startsWith("an address") ? interfaceAddress() : what;
        assumeTrue(bind != null, "this host has no address beyond loopback");
        boolean wildcard = bind.equals("0.0.0.0");
        boolean loopback = InetAddress.getByName(bind).isLoopbackAddress();
        int port = portFreeOn(wildcard ? "0.0.0.0" : bind);
        List<String> args = new ArrayList<>(List.of("serve", "--cluster-name", cluster(), "--bind", bind, "--port",
                Integer.toString(port), "--api-port", "0", "--node-id", "cp", "--reports-dir", dir.toString()));
        if (!loopback) {
            args.addAll(List.of("--api-token", "t", "--cluster-secret", "a secret of 16+ characters"));
        }
        if (wildcard) {
            args.addAll(List.of("--public-address", "127.0.0.6"));
        }
        Real r = real(args.toArray(String[]::new));
        r.awaitReady();
        // 2025-01-01T00:00:00.000Z WARN  [main] o.s.w.c.ServeCommand - message
        Pattern logLine = Pattern.compile("\\S+ (\\w+) +\\[[^]]*] (\\S+) - (.*)");
        List<String> said = new ArrayList<>();
        for (String line : Files.readString(r.out).lines().toList()) {
            Matcher m = logLine.matcher(line);
            if (m.matches() && m.group(3).startsWith("cluster port")) {
                said.add(m.group(1) + " " + m.group(2) + " - " + m.group(3));
            }
        }
        System.out.println("bind " + bind + ": " + said);
        if (loopback) {
            assertThat(said).as("nothing to firewall on loopback").isEmpty();
        } else if (wildcard) {
            assertThat(said).containsExactly("WARN o.s.w.c.ServeCommand - cluster port " + port + " listens on every"
                    + " interface (bind 0.0.0.0): firewall it so that only the fleet reaches it; members prove"
                    + " cluster.secret");
        } else {
            assertThat(said).containsExactly("INFO o.s.w.c.ServeCommand - cluster port listens on " + bind + ":" + port
                    + " only; members prove cluster.secret");
        }
        assertThat(listening(wildcard ? "127.0.0.1" : bind, port)).isTrue();
    }

    /** An IPv4 address of an interface that is up, neither loopback nor link-local; null if none. */
    private static String interfaceAddress() throws IOException {
        for (NetworkInterface i : NetworkInterface.networkInterfaces().toList()) {
            if (!i.isUp() || i.isLoopback()) {
                continue;
            }
            for (InetAddress a : i.inetAddresses().toList()) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a.getHostAddress();
                }
            }
        }
        return null;
    }

    @Test
    void aSecondNodeWithTheSameIdIsRefusedInOneLine() throws Exception {
        String cluster = cluster();
        int port = portFreeOn("127.0.0.1");
        InProcess first = inProcess("serve", "--cluster-name", cluster, "--node-id", "dup", "--port",
                Integer.toString(port), "--api-port", "0", "--reports-dir", dir.toString());
        String url = first.awaitReady();
        Cli.Result second = Cli.run("serve", "--cluster-name", cluster, "--node-id", "dup", "--port",
                Integer.toString(portFreeOn("127.0.0.1")), "--members", "127.0.0.1:" + port, "--api-port", "0",
                "--reports-dir", dir.toString());
        System.out.println("second dup: exit " + second.exit() + " after " + second.millis() + " ms: " + second.err().strip());
        assertThat(second.exit()).isEqualTo(2);
        assertThat(second.errLines()).containsExactly("siegegrid serve: node.id: dup is already a member of cluster "
                + cluster + " (at [127.0.0.1]:" + port + "); give this node another --node-id");
        assertThat(second.out()).doesNotContain("SiegeGrid node");
        assertThat(get(url + "health").statusCode()).as("the first keeps running").isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> members(url).equals(List.of("dup")));
    }

    @Test
    void anAddressOfNoInterfaceIsOneLine() {
        Cli.Result r = Cli.run("serve", "--cluster-name", cluster(), "--bind", "192.0.2.1", "--api-token", "t",
                "--cluster-secret", "a secret of 16+ characters",
                "--api-port", "0", "--node-id", "x", "--reports-dir", dir.toString());
        System.out.println("bind 192.0.2.1: exit " + r.exit() + ": " + r.err().strip());
        assertThat(r.exit()).isNotZero();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("siegegrid serve: bind: cannot listen on 192.0.2.1: ");
    }

    @Test
    void aMemberThatCannotBindIsOneLineWithoutATrace() throws Exception {
        int port = 65535;
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.9"), port));
            Real r = real("serve", "--cluster-name", cluster(), "--bind", "127.0.0.9", "--port", Integer.toString(port),
                    "--api-port", "0", "--node-id", "x", "--reports-dir", dir.toString());
            assertThat(r.process.waitFor(40, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(r.err);
            String out = Files.readString(r.out);
            System.out.println("busy 127.0.0.9:65535: exit " + r.process.exitValue() + ": " + err.strip());
            assertThat(r.process.exitValue()).isEqualTo(3);
            assertThat(err.lines().toList()).containsExactly(
                    "siegegrid serve: bind: cannot listen on 127.0.0.9:65535: Address already in use");
            assertThat(out).doesNotContain("\tat ", "Exception");
        }
    }

    @Test
    void aStartFailureIsNamedInOneLine() {
        var s = new org.siegegrid.core.node.SettingsLoader().flag("bind", "::1").flag("port", "5701")
                .resolve(new ArrayList<>());
        assertThat(ServeCommand.memberStartFailure(s, new IllegalStateException("wrapped",
                new java.net.BindException("Address already in use"))))
                .isEqualTo("siegegrid serve: bind: cannot listen on [::1]:5701: Address already in use");
        assertThat(ServeCommand.memberStartFailure(s, new RuntimeException("Hazelcast CANNOT start.\nSecond line")))
                .isEqualTo("siegegrid serve: cannot start the cluster member on [::1]:5701: Hazelcast CANNOT start."
                        + " Second line");
    }

    // --- helpers

    private List<String> members(String url) throws IOException, InterruptedException {
        var arr = JsonParser.parseString(get(url + "api/v1/cluster").body()).getAsJsonObject().getAsJsonArray("members");
        List<String> ids = new ArrayList<>();
        arr.forEach(e -> ids.add(e.getAsString()));
        return ids;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    private static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(host), port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port in 20000..40000 nothing listens on at any of these addresses (nor on the wildcard). */
    private static int portFreeOn(String... hosts) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            boolean free = true;
            for (String h : hosts) {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(new InetSocketAddress(InetAddress.getByName(h), p));
                } catch (IOException busy) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return p;
            }
        }
        throw new IOException("no free port");
    }

    private abstract class Node {
        String id;

        abstract String output() throws IOException;

        abstract boolean ended();

        String awaitReady() throws IOException {
            await().atMost(Duration.ofSeconds(45)).until(() -> READY.matcher(output()).find() || ended());
            Matcher m = READY.matcher(output());
            assertThat(m.find()).as(output()).isTrue();
            id = m.group(1);
            return m.group(2);
        }
    }

    /** {@code serve} in this JVM; stopped by DELETE /api/v1/nodes/{id}. */
    private final class InProcess extends Node {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Integer> exit;
        String url;

        InProcess(String... args) {
            exit = CompletableFuture.supplyAsync(() -> {
                try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                     PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                    return Main.run(args, o, e);
                }
            });
        }

        @Override
        String awaitReady() throws IOException {
            url = super.awaitReady();
            return url;
        }

        @Override
        String output() {
            return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        }

        @Override
        boolean ended() {
            return exit.isDone();
        }

        void stop() {
            if (exit.isDone()) {
                return;
            }
            try {
                if (url != null) {
                    http.send(HttpRequest.newBuilder(URI.create(url + "api/v1/nodes/" + id)).DELETE()
                                    .header("Authorization", "Bearer t").timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                }
                exit.get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.out.println("node " + id + " did not stop cleanly: " + e);
            }
        }
    }

    private InProcess inProcess(String... args) {
        InProcess n = new InProcess(args);
        nodes.add(n);
        return n;
    }

    /** {@code serve} as its own process, stdout and stderr in two files. */
    private final class Real extends Node {
        final Process process;
        final Path out;
        final Path err;

        Real(String... args) throws IOException {
            String name = "p" + processes.size();
            out = dir.resolve(name + ".out");
            err = dir.resolve(name + ".err");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    Main.class.getName()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(new File("/dev/null"));
            pb.environment().keySet().removeIf(k -> k.startsWith("SIEGEGRID_"));
            process = pb.start();
            processes.add(process);
        }

        @Override
        String output() throws IOException {
            return Files.readString(out) + Files.readString(err);
        }

        @Override
        boolean ended() {
            return !process.isAlive();
        }
    }

    private Real real(String... args) throws IOException {
        return new Real(args);
    }
}
