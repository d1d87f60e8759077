package org.siegegrid.core.report;

/**
 * Why a request failed. Socket-level kinds count against siege's availability; HTTP kinds are
 * responses that siege counts as failed transactions (status >= 400).
 */
public enum ErrorKind {
    REFUSED("refused"),
    RESET("reset"),
    TIMEOUT("timeout"),
    TLS("tls"),
    DNS("dns"),
    OTHER("other"),
    HTTP_4XX("http_4xx"),
    HTTP_5XX("http_5xx");

    private final String key;

    ErrorKind(String key) {
        this.key = key;
    }

    /** The name used in JSON reports and metrics. */
    public String key() {
        return key;
    }

    public boolean socketLevel() {
        return this != HTTP_4XX && this != HTTP_5XX;
    }
}
