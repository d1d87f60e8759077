package org.siegegrid.web.api;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed PKCS12 keystore made by the JDK's own {@code keytool} (as the README tells people
 * to), and its certificate exported as PEM: what {@code api.tls.keystore} and {@code --cacert} take.
 * Each keytool call is bounded (30 s) and its process gone when it returns.
 */
public record TlsKeys(Path keystore, String password, Path pem) {
    /** The names the certificate is valid for (subject alternative names, keytool's syntax). */
    public static final String LOOPBACK_SAN = "ip:127.0.0.1,dns:localhost";

    /** A key pair valid for {@code san} in {@code dir/<name>.p12}, its certificate in {@code dir/<name>.pem}. */
    public static TlsKeys make(Path dir, String name, String san) throws IOException, InterruptedException {
        Path ks = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        String password = "pw-" + name + "-" + Long.toHexString(System.nanoTime());
        keytool(dir, "-genkeypair", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", password,
                "-alias", "api", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=siegegrid-test-" + name, "-ext", "san=" + san);
        keytool(dir, "-exportcert", "-rfc", "-keystore", ks.toString(), "-storepass", password, "-alias", "api",
                "-file", pem.toString());
        return new TlsKeys(ks, password, pem);
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "keytool", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(new File("/dev/null")).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException("keytool " + args[0] + " did not finish within 30 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " exited " + p.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
