package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ApiTls} and the HTTPS listener of {@link ApiServer}: every unusable keystore is refused
 * naming the setting at fault and the file; a keystore that works serves HTTPS (and only HTTPS) on
 * the port, advertised as https://; the plain-HTTP warning beyond loopback.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsApiServerTest {
    @TempDir
    static Path dir;
    private static TlsKeys keys;

    @BeforeAll
    static void keys() throws Exception {
        keys = TlsKeys.make(dir, "api", TlsKeys.LOOPBACK_SAN);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("missing file", (Function<Path, Path>) d -> d.resolve("nope.p12"), ApiTls.KEYSTORE,
                        "cannot read {FILE}: no such file"),
                Arguments.of("a directory", (Function<Path, Path>) d -> d, ApiTls.KEYSTORE,
                        "cannot read {FILE}: it is a directory"),
                Arguments.of("a PEM file", (Function<Path, Path>) d -> keys.pem(), ApiTls.KEYSTORE,
                        "{FILE} is not a PKCS12 keystore (toDerInputStream rejects tag type 45)"),
                Arguments.of("an empty file", (Function<Path, Path>) d -> write(d.resolve("empty.p12"), new byte[0]),
                        ApiTls.KEYSTORE, "{FILE} is not a PKCS12 keystore ("),
                Arguments.of("certificates only", (Function<Path, Path>) TlsApiServerTest::trustOnly, ApiTls.KEYSTORE,
                        "{FILE} holds no private key with its certificate (make one with keytool -genkeypair)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void anUnusableKeystoreIsRefusedNamingTheSettingAndTheFile(String name, Function<Path, Path> file, String key,
                                                                  String message, @TempDir Path d) {
        Path ks = file.apply(d);
        assertThatThrownBy(() -> ApiTls.serverContext(ks, keys.password().toCharArray()))
                .isInstanceOfSatisfying(ApiTls.Refused.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).startsWith(message.replace("{FILE}", ks.toString()));
                    assertThat(e.getMessage()).doesNotContain("\n", keys.password());
                });
    }

    @Test
    void aWrongPasswordNamesThePasswordSettingAndTheFile() {
        assertThatThrownBy(() -> ApiTls.serverContext(keys.keystore(), "not-it".toCharArray()))
                .isInstanceOfSatisfying(ApiTls.Refused.class, e -> {
                    assertThat(e.key()).isEqualTo(ApiTls.PASSWORD);
                    assertThat(e.getMessage()).isEqualTo("wrong password for keystore " + keys.keystore());
                });
        assertThatThrownBy(() -> ApiTls.serverContext(keys.keystore(), new char[0]))
                .isInstanceOfSatisfying(ApiTls.Refused.class, e -> assertThat(e.key()).isEqualTo(ApiTls.PASSWORD));
    }

    @Test
    void aWorkingKeystoreServesHttpsOnlyAndAdvertisesIt() throws Exception {
        SSLContext server = ApiTls.serverContext(keys.keystore(), keys.password().toCharArray());
        try (ApiServer api = new ApiServer("127.0.0.1", 0, "", server).start()) {
            assertThat(api.tls()).isTrue();
            assertThat(api.url()).isEqualTo("https://127.0.0.1:" + api.port() + "/");
            assertThat(api.urlAt("::1")).isEqualTo("https://[::1]:" + api.port() + "/");
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(keys.pem()))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(URI.create(api.url() + "health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("no node attached yet: starting").isEqualTo(503);
            assertThat(health.body()).contains("\"status\"");
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create(api.url().replace("https:", "http:")
                    + "health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
            HttpClient jdkTrust = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> jdkTrust.send(HttpRequest.newBuilder(URI.create(api.url() + "health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                    .as("self-signed: not in the JDK's trust store").isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
        try (ApiServer plain = new ApiServer("127.0.0.1", 0, "").start()) {
            assertThat(plain.tls()).isFalse();
            assertThat(plain.url()).startsWith("http://127.0.0.1:");
        }
    }

    @Test
    void plainHttpBeyondLoopbackIsWarnedAbout() {
        for (String loopback : new String[] {"127.0.0.1", "127.0.0.9", "localhost", "::1"}) {
            assertThat(ApiTls.plainHttpWarning(loopback, false)).as(loopback).isNull();
        }
        assertThat(ApiTls.plainHttpWarning("0.0.0.0", true)).isNull();
        assertThat(ApiTls.plainHttpWarning("0.0.0.0", false)).isEqualTo("the API listens beyond loopback (bind 0.0.0.0)"
                + " on plain HTTP: the bearer token and every call cross the network in clear text; set api.tls.keystore"
                + " (SIEGEGRID_API_TLS_KEYSTORE, --api-tls-keystore) to serve HTTPS");
        assertThat(ApiTls.plainHttpWarning("::", false)).startsWith("the API listens beyond loopback (bind ::)");
    }

    /** A client context trusting exactly the certificates of this PEM file. */
    static SSLContext trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A PKCS12 file with the certificate as a trusted entry and no private key. */
    private static Path trustOnly(Path d) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(keys.pem())) {
                ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            Path file = d.resolve("trust-only.p12");
            try (OutputStream out = Files.newOutputStream(file)) {
                ks.store(out, keys.password().toCharArray());
            }
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
