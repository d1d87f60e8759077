package org.siegegrid.web.cli;

import java.io.IOException;
import java.net.URI;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * What went wrong when a call failed in or around TLS, in words: a certificate that is not trusted or
 * not for that host, an {@code https://} URL of a plain-HTTP node, an {@code http://} URL of an HTTPS
 * node. In each case the node's HTTP layer never saw the request.
 */
final class TlsErrors {
    /** The first bytes of a TLS record (handshake, alert) where an HTTP status line was expected. */
    private static final String TLS_RECORD = "receiving [\u0015\u0003";
    private static final String TLS_HANDSHAKE_RECORD = "receiving [\u0016\u0003";

    private TlsErrors() {
    }

    /** The cause of a TLS failure of a call to {@code base}, one line; null when TLS is not the cause. */
    static String describe(URI base, IOException e) {
        if (answeredInTls(e)) {
            return "the node speaks TLS, not plain HTTP; use " + withScheme(base, "https");
        }
        SSLException ssl = find(e, SSLException.class);
        if (ssl == null) {
            return null;
        }
        String why = root(ssl);
        if (find(e, CertificateExpiredException.class) != null || find(e, CertificateNotYetValidException.class) != null) {
            return "TLS: the node's certificate is expired or not yet valid (" + why + ")";
        }
        if (why.contains("No subject alternative") || why.contains("No name matching")) {
            return "TLS: the node's certificate is not for " + base.getHost() + " (" + why + ")";
        }
        if (why.contains("certification path") || why.contains("PKIX")) {
            return "TLS: the node's certificate is not trusted (" + why + "); give its CA certificate with --cacert FILE"
                    + " or $" + ClientTls.ENV_CACERT;
        }
        if (why.contains("plaintext connection") || why.contains("Unrecognized SSL message")) {
            return "TLS: the node does not speak TLS (" + why + "); is it " + withScheme(base, "http") + "?";
        }
        return "TLS: " + (ssl instanceof SSLHandshakeException ? "handshake failed: " : "") + why;
    }

    /**
     * The call failed before the node's HTTP layer saw it: the TLS handshake failed, or an HTTPS node
     * answered a plain-HTTP request with a TLS alert.
     */
    static boolean unsent(IOException e) {
        return answeredInTls(e) || find(e, SSLHandshakeException.class) != null
                || find(e, SSLException.class) != null && root(e).contains("plaintext connection");
    }

    private static boolean answeredInTls(IOException e) {
        String m = e.getMessage();
        return m != null && m.startsWith("parsing HTTP/1.1 status line")
                && (m.contains(TLS_RECORD) || m.contains(TLS_HANDSHAKE_RECORD));
    }

    private static String withScheme(URI base, String scheme) {
        String s = base.toString();
        return scheme + s.substring(s.indexOf(':'));
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The innermost message, without the class names Java puts in front of wrapped causes. */
    private static String root(Throwable e) {
        String m = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                m = t.getMessage();
            }
        }
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        m = m.replaceAll("^(\\([a-z_]+\\) )?([a-z]+\\.)+[A-Za-z]*(Exception|Error): ", "").replaceAll("^\\([a-z_]+\\) ", "");
        return Main.oneLine(m);
    }
}
