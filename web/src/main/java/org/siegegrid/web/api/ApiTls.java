package org.siegegrid.web.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.siegegrid.core.node.SettingsLoader;
import org.siegegrid.core.session.Problem;

/**
 * The API's TLS: the server {@link SSLContext} of a PKCS12 keystore ({@code api.tls.keystore},
 * {@code api.tls.password}). Every way a keystore can be unusable (missing, unreadable, not PKCS12,
 * wrong password, no private key) is a {@link Refused} naming the setting at fault and the file, in
 * one line.
 */
public final class ApiTls {
    public static final String KEYSTORE = "api.tls.keystore";
    public static final String PASSWORD = "api.tls.password";

    /** Why a keystore cannot serve: the setting at fault ({@link #KEYSTORE} or {@link #PASSWORD}) and one line. */
    public static final class Refused extends Exception {
        private final String key;

        Refused(String key, String message) {
            super(message, null, false, false);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private ApiTls() {
    }

    /**
     * The server context of the resolved {@code api.tls.*} settings: null without a keystore (plain
     * HTTP), or when a problem (naming the setting, where it came from and the file) was added.
     */
    public static SSLContext fromSettings(SettingsLoader settings, List<Problem> problems) {
        String keystore = settings.value(KEYSTORE);
        if (keystore.isEmpty()) {
            if (!settings.value(PASSWORD).isEmpty()) {
                problems.add(settings.problem(PASSWORD, "is set but " + KEYSTORE + " is not (the keystore it opens)"));
            }
            return null;
        }
        try {
            return serverContext(Path.of(keystore), settings.value(PASSWORD).toCharArray());
        } catch (InvalidPathException e) {
            problems.add(settings.problem(KEYSTORE, "not a file name: '" + keystore + "'"));
        } catch (Refused e) {
            problems.add(settings.problem(e.key(), e.getMessage()));
        }
        return null;
    }

    /**
     * The warning a node logs when its API speaks plain HTTP beyond loopback (the bearer token then
     * crosses the network in clear text), or null: loopback, or TLS on.
     */
    public static String plainHttpWarning(String bind, boolean tls) {
        if (tls) {
            return null;
        }
        try {
            if (InetAddress.getByName(bind).isLoopbackAddress()) {
                return null;
            }
        } catch (UnknownHostException | SecurityException e) {
            // checked before start; warn rather than stay silent
        }
        return "the API listens beyond loopback (bind " + bind + ") on plain HTTP: the bearer token and every call"
                + " cross the network in clear text; set " + KEYSTORE + " (SIEGEGRID_API_TLS_KEYSTORE, --api-tls-keystore)"
                + " to serve HTTPS";
    }

    /** The server context of this keystore (its key's password is the keystore's, as keytool makes PKCS12 files). */
    public static SSLContext serverContext(Path keystore, char[] password) throws Refused {
        KeyStore ks = load(keystore, password);
        try {
            boolean hasKey = false;
            for (String alias : Collections.list(ks.aliases())) {
                hasKey |= ks.isKeyEntry(alias) && ks.getCertificate(alias) != null;
            }
            if (!hasKey) {
                throw new Refused(KEYSTORE, keystore + " holds no private key with its certificate"
                        + " (make one with keytool -genkeypair)");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (UnrecoverableKeyException e) {
            throw new Refused(PASSWORD, "opens keystore " + keystore + " but not its private key (the key needs the"
                    + " keystore's password)");
        } catch (GeneralSecurityException e) {
            throw new Refused(KEYSTORE, "cannot use keystore " + keystore + ": " + rootMessage(e));
        }
    }

    private static KeyStore load(Path keystore, char[] password) throws Refused {
        if (Files.isDirectory(keystore)) {
            throw new Refused(KEYSTORE, "cannot read " + keystore + ": it is a directory");
        }
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (NoSuchFileException e) {
            throw new Refused(KEYSTORE, "cannot read " + keystore + ": no such file");
        } catch (AccessDeniedException e) {
            throw new Refused(KEYSTORE, "cannot read " + keystore + ": permission denied");
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new Refused(PASSWORD, "wrong password for keystore " + keystore);
            }
            throw new Refused(KEYSTORE, keystore + " is not a PKCS12 keystore (" + rootMessage(e) + ")");
        } catch (GeneralSecurityException e) {
            throw new Refused(KEYSTORE, "cannot load keystore " + keystore + ": " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
