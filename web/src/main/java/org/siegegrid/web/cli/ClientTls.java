package org.siegegrid.web.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * What the CLI trusts when it calls an {@code https://} node: the JDK's trust store, plus the PEM
 * certificates of {@code --cacert FILE} (else {@code $SIEGEGRID_CACERT}) for that call. A file that
 * cannot be read or holds no certificate is a UsageError naming it.
 */
final class ClientTls {
    static final String ENV_CACERT = "SIEGEGRID_CACERT";

    private ClientTls() {
    }

    /** The file of certificates to add: the flag, else the environment, else none (null). */
    static String cacert(String flag, Map<String, String> env) {
        if (flag != null) {
            return flag;
        }
        String e = env.get(ENV_CACERT);
        return e == null || e.isBlank() ? null : e;
    }

    /** The context of calls: null (the JDK's default) without a file; else the file's CAs, then the JDK's ({@link AddedTrust}). */
    static SSLContext context(String cacert) {
        if (cacert == null) {
            return null;
        }
        Collection<? extends Certificate> added = read(cacert);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate c : added) {
                store.setCertificateEntry("cacert-" + n++, c);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new AddedTrust(store)}, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new UsageError("--cacert: cannot trust the certificates of " + cacert + ": " + Main.oneLine(e.getMessage()));
        }
    }

    private static Collection<? extends Certificate> read(String cacert) {
        Path file;
        try {
            file = Path.of(cacert);
        } catch (InvalidPathException e) {
            throw new UsageError("--cacert: not a file name: '" + cacert + "'");
        }
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new UsageError("--cacert: no PEM certificate in " + cacert);
            }
            return certs;
        } catch (NoSuchFileException e) {
            throw new UsageError("--cacert: cannot read " + cacert + ": no such file");
        } catch (AccessDeniedException e) {
            throw new UsageError("--cacert: cannot read " + cacert + ": permission denied");
        } catch (IOException e) {
            throw new UsageError("--cacert: cannot read " + cacert + ": " + Main.oneLine(e.getMessage()));
        } catch (CertificateException e) {
            throw new UsageError("--cacert: " + cacert + " is not a PEM certificate (-----BEGIN CERTIFICATE-----): "
                    + Main.oneLine(e.getMessage()));
        }
    }
}
