package org.siegegrid.core.load.http;

import java.net.InetSocketAddress;

/**
 * Where connections go: scheme, host and port, with the address resolved once when the plan is
 * prepared ({@code address} is null when the name did not resolve: every request then fails as DNS).
 */
record Origin(boolean tls, String host, int port, InetSocketAddress address) {

    String key() {
        return (tls ? "https://" : "http://") + host + ":" + port;
    }

    /** The Host header value: the port only when it is not the scheme's default. */
    String hostHeader() {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        boolean defaultPort = tls ? port == 443 : port == 80;
        return defaultPort ? h : h + ":" + port;
    }
}
