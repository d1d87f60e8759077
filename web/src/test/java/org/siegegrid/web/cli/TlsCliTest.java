package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.siegegrid.web.api.ApiServer;
import org.siegegrid.web.api.ApiTls;
import org.siegegrid.web.api.TlsKeys;
import org.siegegrid.web.target.TargetOptions;
import org.siegegrid.web.target.TargetServer;

/**
 * The API over HTTPS end to end: a real {@code serve} (in this JVM) with {@code --api-tls-keystore}
 * on a self-signed keystore made by keytool, the CLI calling it over https with {@code --cacert}
 * (or {@code $SIEGEGRID_CACERT}), {@code run --api https://...} against the sink, and every way TLS
 * can go wrong for a client in one line: no {@code --cacert}, a certificate not for the host, an
 * http:// client of the https port, an https:// client of a plain-HTTP server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsCliTest {
    private static final Pattern READY = Pattern.compile("SiegeGrid node (\\S+) API (https://\\S+/)");

    /** Static: an instance field would be injected only after {@code @BeforeAll}. */
    @TempDir
    static Path dir;
    private TlsKeys keys;
    private TargetServer sink;
    private final ByteArrayOutputStream serveOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream serveErr = new ByteArrayOutputStream();
    private CompletableFuture<Integer> serve;
    /** The node's advertised URL, {@code https://127.0.0.1:PORT/}, and without the slash. */
    private String url;
    private String api;
    private String cacert;

    @BeforeAll
    void start() throws Exception {
        keys = TlsKeys.make(dir, "node", TlsKeys.LOOPBACK_SAN);
        cacert = keys.pem().toString();
        sink = new TargetServer(TargetOptions.defaults()).start();
        String[] args = {"serve", "--cluster-name", "sg-tls-" + UUID.randomUUID().toString().substring(0, 8),
            "--node-id", "tls1", "--port", Integer.toString(freePort()), "--api-port", "0",
            "--reports-dir", dir.resolve("reports").toString(),
            "--api-tls-keystore", keys.keystore().toString(), "--api-tls-password", keys.password()};
        serve = CompletableFuture.supplyAsync(() -> {
            try (PrintStream o = new PrintStream(serveOut, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(serveErr, true, StandardCharsets.UTF_8)) {
                return Main.run(args, o, e);
            }
        });
        await().atMost(Duration.ofSeconds(45)).until(() -> READY.matcher(serveOutput()).find() || serve.isDone());
        Matcher m = READY.matcher(serveOutput());
        assertThat(m.find()).as(serveOutput()).isTrue();
        url = m.group(2);
        api = url.substring(0, url.length() - 1);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> Cli.run("cluster", "status", "--api", api, "--cacert", cacert).exit() == 0);
    }

    @AfterEach
    void environmentBack() {
        ApiOptions.env = System.getenv();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (serve != null && !serve.isDone() && api != null) {
                Cli.Result r = Cli.run("nodes", "remove", "tls1", "--api", api, "--cacert", cacert);
                System.out.println("nodes remove tls1 over https -> " + r.exit() + " " + r.err().strip());
            }
            if (serve != null) {
                assertThat(serve.get(20, TimeUnit.SECONDS)).as("serve's exit after nodes remove").isZero();
            }
        } finally {
            if (sink != null) {
                sink.close();
            }
        }
    }

    private String serveOutput() {
        return serveOut.toString(StandardCharsets.UTF_8) + serveErr.toString(StandardCharsets.UTF_8);
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(args);
        System.out.println("$ siegegrid " + String.join(" ", args) + "  -> " + r.exit() + " (" + r.millis() + " ms)\n"
                + r.out() + r.err());
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    private static Cli.Result failed(String... args) {
        Cli.Result r = Cli.run(args);
        System.out.println("$ siegegrid " + String.join(" ", args) + "  -> " + r.exit() + " (" + r.millis() + " ms): "
                + r.err().strip());
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).doesNotContain("\tat ", "Exception");
        return r;
    }

    @Test
    void adminCommandsOverHttpsWithCacert() {
        assertThat(url).startsWith("https://127.0.0.1:");
        assertThat(ok("cluster", "status", "--api", api, "--cacert", cacert).out()).contains("members:    1 (tls1)");
        assertThat(ok("nodes", "list", "--api", api, "--cacert", cacert).out())
                .as("the node advertises its https URL").contains(url);
        ApiOptions.env = Map.of(ClientTls.ENV_CACERT, cacert);
        String id = JsonParser.parseString(ok("sessions", "create", "--api", api, "--json", "--rps", "20", "-t", "30S",
                "--name", "over-tls", sink.url()).out()).getAsJsonObject().get("id").getAsString();
        assertThat(ok("sessions", "list", "--api", api).out()).containsPattern(id + " +over-tls +(PENDING|RUNNING) ");
        ok("sessions", "stop", id, "--api", api);
    }

    @Test
    void runApiOverHttpsRunsASessionAgainstTheSinkAndPrintsTheReport() {
        sink.reset();
        Cli.Result r = ok("run", "--api", api, "--cacert", cacert, "--rps", "200", "-t", "2S", sink.url());
        long sinkCount = sink.stats().requests();
        String transactions = r.outLines().stream().filter(l -> l.startsWith("Transactions:")).findFirst().orElseThrow();
        long reported = Long.parseLong(transactions.replaceAll("\\D+", ""));
        System.out.printf("run --api https --rps 200 -t 2S: report %d, sink %d, %d ms%n", reported, sinkCount, r.millis());
        assertThat(r.out()).contains("Availability:", "Successful transactions:");
        assertThat(r.err()).contains("** SiegeGrid: session ", " on " + api);
        assertThat(sinkCount).isBetween(350L, 450L);
        assertThat(reported).isBetween(sinkCount - 2, sinkCount);
    }

    @Test
    void withoutCacertTheSelfSignedNodeIsRefusedInOneLine() {
        String before = ok("sessions", "list", "--api", api, "--cacert", cacert, "--json").out();
        String refused = "siegegrid: cannot reach " + api + ": TLS: the node's certificate is not trusted (unable to find"
                + " valid certification path to requested target); give its CA certificate with --cacert FILE or"
                + " $SIEGEGRID_CACERT";
        Cli.Result status = failed("cluster", "status", "--api", api);
        assertThat(status.exit()).isEqualTo(3);
        assertThat(status.errLines()).containsExactly(refused);
        Cli.Result run = failed("run", "--api", api, "--rps", "10", "-t", "1S", sink.url());
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.errLines()).containsExactly(refused);
        assertThat(ok("sessions", "list", "--api", api, "--cacert", cacert, "--json").out())
                .as("the refused run created nothing").isEqualTo(before);
    }

    @Test
    void aPlainHttpClientOfTheHttpsPortFailsCleanly() throws Exception {
        String plain = api.replace("https://", "http://");
        Cli.Result r = failed("cluster", "status", "--api", plain);
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.errLines()).containsExactly("siegegrid: cannot reach " + plain
                + ": the node speaks TLS, not plain HTTP; use " + api);
        assertThat(r.millis()).isLessThan(5_000);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(plain + "/health"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        System.out.printf("plain HTTP GET of the https port failed after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(ok("cluster", "status", "--api", api, "--cacert", cacert).out()).as("the node serves on")
                .contains("tls1");
    }

    @Test
    void anHttpsClientOfAPlainHttpServerFailsCleanly() {
        String sinkApi = sink.url().replaceAll("/$", "").replace("http://", "https://");
        Cli.Result r = failed("cluster", "status", "--api", sinkApi, "--cacert", cacert);
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.errLines()).containsExactly("siegegrid: cannot reach " + sinkApi + ": TLS: the node does not speak"
                + " TLS (Unrecognized SSL message, plaintext connection?); is it " + sinkApi.replace("https://", "http://")
                + "?");
        assertThat(r.millis()).isLessThan(5_000);
    }

    @Test
    void aCertificateForAnotherHostIsRefusedAndTheNextNodeServes() throws Exception {
        SSLContext ctx = ApiTls.serverContext(keys.keystore(), keys.password().toCharArray());
        try (ApiServer other = new ApiServer("127.0.0.3", 0, "", ctx).start()) {
            String wrongHost = "https://127.0.0.3:" + other.port();
            Cli.Result r = failed("cluster", "status", "--api", wrongHost, "--cacert", cacert);
            assertThat(r.exit()).isEqualTo(3);
            assertThat(r.errLines()).containsExactly("siegegrid: cannot reach " + wrongHost + ": TLS: the node's"
                    + " certificate is not for 127.0.0.3 (No subject alternative names matching IP address 127.0.0.3"
                    + " found)");
            Cli.Result next = ok("cluster", "status", "--api", wrongHost + "," + api, "--cacert", cacert);
            assertThat(next.errLines()).containsExactly("api: " + wrongHost + " unreachable (TLS: the node's certificate"
                    + " is not for 127.0.0.3 (No subject alternative names matching IP address 127.0.0.3 found)),"
                    + " using " + api);
        }
    }

    @Test
    void theJdksTrustStoreCountsWithAndWithoutCacert() throws Exception {
        TlsKeys other = TlsKeys.make(dir, "jdk-trusted", TlsKeys.LOOPBACK_SAN);
        SSLContext ctx = ApiTls.serverContext(other.keystore(), other.password().toCharArray());
        try (ApiServer jdkTrusted = new ApiServer("127.0.0.1", 0, "", ctx).start()) {
            String base = jdkTrusted.url().replaceAll("/$", "");
            // a node without a SiegeNode answers 503 "starting": the TLS handshake went through
            String answered = "siegegrid: 503 unavailable: the node is starting; try again in a moment";
            Child plain = child(other, "cluster", "status", "--api", base);
            assertThat(plain.err()).as("the JDK's trust store alone").containsExactly(answered);
            Child both = child(other, "cluster", "status", "--api", base, "--cacert", cacert);
            assertThat(both.err()).as("--cacert adds to the JDK's trust store").containsExactly(answered);
            Child added = child(other, "cluster", "status", "--api", api, "--cacert", cacert);
            assertThat(added.exit()).as("and its own certificate is trusted too").isZero();
            Child neither = child(other, "cluster", "status", "--api", api);
            assertThat(neither.err()).containsExactly("siegegrid: cannot reach " + api + ": TLS: the node's certificate"
                    + " is not trusted (unable to find valid certification path to requested target); give its CA"
                    + " certificate with --cacert FILE or $SIEGEGRID_CACERT");
        }
    }

    record Child(int exit, List<String> err, long millis) {
    }

    /** The CLI in its own JVM whose trust store (javax.net.ssl.trustStore) holds only {@code trusted}'s certificate. */
    private static Child child(TlsKeys trusted, String... args) throws Exception {
        Path store = dir.resolve("truststore-" + trusted.keystore().getFileName());
        if (!Files.exists(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(trusted.pem())) {
                ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            try (OutputStream out = Files.newOutputStream(store)) {
                ks.store(out, "changeit".toCharArray());
            }
        }
        Path err = Files.createTempFile(dir, "child", ".err");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djavax.net.ssl.trustStore=" + store, "-Djavax.net.ssl.trustStorePassword=changeit",
                "-Djavax.net.ssl.trustStoreType=PKCS12", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).redirectInput(new File("/dev/null"));
        pb.environment().keySet().removeIf(k -> k.startsWith("SIEGEGRID_"));
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            assertThat(p.waitFor(40, TimeUnit.SECONDS)).as("the child CLI ends").isTrue();
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        Child c = new Child(p.exitValue(), Files.readAllLines(err), (System.nanoTime() - t0) / 1_000_000);
        System.out.println("child JVM trusting " + trusted.pem().getFileName() + ": siegegrid " + String.join(" ", args)
                + " -> " + c.exit() + " in " + c.millis() + " ms " + c.err());
        return c;
    }

    @Test
    void aSilentServerIsAConnectTimeoutNotAHang() throws Exception {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            String quiet = "https://127.0.0.1:" + silent.getLocalPort();
            Cli.Result r = failed("run", "--api", quiet, "--cacert", cacert, "--rps", "10", "-t", "1S", sink.url());
            assertThat(r.exit()).isEqualTo(3);
            assertThat(r.errLines()).containsExactly("siegegrid: cannot reach " + quiet
                    + ": connect or TLS handshake timed out after " + RemoteRun.CONNECT_TIMEOUT.toSeconds() + "s");
            assertThat(r.millis()).isLessThan(RemoteRun.CONNECT_TIMEOUT.toMillis() + 2_000);
        }
    }

    @Test
    void aBadCacertIsAUsageErrorNamingTheFile() throws IOException {
        Path missing = dir.resolve("missing.pem");
        Cli.Result r = failed("cluster", "status", "--api", api, "--cacert", missing.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("siegegrid: --cacert: cannot read " + missing + ": no such file");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");
        Cli.Result bad = failed("run", "--api", api, "--cacert", notPem.toString(), "--rps", "10", "-t", "1S", sink.url());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.errLines()).hasSize(1);
        assertThat(bad.errLines().get(0)).startsWith("siegegrid: --cacert: " + notPem + " ");
    }

    /** A port in 20000..40000 nothing listens on at 127.0.0.1. */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), p));
                return p;
            } catch (IOException busy) {
                // next
            }
        }
        throw new IOException("no free port");
    }
}
