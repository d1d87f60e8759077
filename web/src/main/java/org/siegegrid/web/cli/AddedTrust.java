package org.siegegrid.web.cli;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.stream.Stream;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a chain that the added certificates ({@code --cacert}) vouch for, else one that the JDK's
 * trust store does; each check is the JDK's own, host name included. The JDK's store is loaded only
 * when the added certificates do not vouch for a chain (about 0.3 s of a CLI call that copying it
 * into one store would spend every time).
 */
final class AddedTrust extends X509ExtendedTrustManager {
    /** One of the four server or client checks, on one trust manager. */
    @FunctionalInterface
    private interface Check {
        void on(X509ExtendedTrustManager tm) throws CertificateException;
    }

    private final X509ExtendedTrustManager added;
    private volatile X509ExtendedTrustManager jdk;

    /** @param added a store holding the added certificates as trusted entries */
    AddedTrust(KeyStore added) throws GeneralSecurityException {
        this.added = of(added);
    }

    private static X509ExtendedTrustManager of(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }

    private X509ExtendedTrustManager jdk() throws CertificateException {
        if (jdk == null) {
            try {
                jdk = of(null);
            } catch (GeneralSecurityException e) {
                throw new CertificateException("cannot load the JDK's trust store: " + e.getMessage(), e);
            }
        }
        return jdk;
    }

    /**
     * The added certificates first, then the JDK's. When both refuse, the added one's reason wins if
     * they did vouch for the chain (a host name or validity problem), else the JDK's ("unable to find a
     * valid certification path").
     */
    private void check(Check check) throws CertificateException {
        try {
            check.on(added);
        } catch (CertificateException notAdded) {
            try {
                check.on(jdk());
            } catch (CertificateException notJdk) {
                throw notAdded.getCause() instanceof CertPathBuilderException ? notJdk : notAdded;
            }
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(tm -> tm.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(tm -> tm.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(tm -> tm.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(tm -> tm.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(tm -> tm.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(tm -> tm.checkClientTrusted(chain, authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        X509Certificate[] jdkIssuers;
        try {
            jdkIssuers = jdk().getAcceptedIssuers();
        } catch (CertificateException e) {
            jdkIssuers = new X509Certificate[0];
        }
        return Stream.concat(Arrays.stream(added.getAcceptedIssuers()), Arrays.stream(jdkIssuers))
                .toArray(X509Certificate[]::new);
    }
}
