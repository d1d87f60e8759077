package org.siegegrid.web.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.siegegrid.web.cli.ApiException.Reach;

/**
 * A small client of a cluster's REST API (API-CONTRACT.md) through one or more of its nodes, on
 * {@link HttpClient}. Every call either returns a 2xx {@link Response} or throws {@link ApiException}
 * whose message is one readable line: {@code 409 conflict: state: session abc is FINISHED} from the
 * contract's error body, or {@code cannot reach http://127.0.0.1:8080: connection refused}.
 *
 * <p>Calls go to the current node. When it is in trouble (no answer, or a 5xx such as 503 "no
 * quorum") the call moves on to the next node, round-robin, and that node stays the current one; a
 * call fails once every node has been tried (one pass: waiting for a node to come back is the
 * caller's business). {@link #postOnce} is for a request that must not be done twice: it moves on
 * only when the node certainly saw nothing (the connection was never made).
 */
final class ApiClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final String JSON = "application/json";

    /** A successful answer. */
    record Response(int status, String body, String contentType, String location) {
        /** The body as a JSON object; an ApiException (exit 3) when the node sent something else. */
        JsonObject json() {
            try {
                JsonElement e = JsonParser.parseString(body);
                if (e.isJsonObject()) {
                    return e.getAsJsonObject();
                }
            } catch (JsonParseException ignored) {
                // reported below
            }
            throw new ApiException(500, null, status + ": the node answered something that is not a JSON object: "
                    + Main.oneLine(ApiErrors.abbreviate(body)));
        }
    }

    /** Told when a call was answered by another node than the last one that answered (or the first URL). */
    @FunctionalInterface
    interface SwitchListener {
        /**
         * @param failed each node that failed since the last answer, as {@code http://a unreachable (connection
         *               refused)} or {@code http://a answered 503 unavailable: no quorum}, joined by ", "
         * @param to     the node that answered
         */
        void switched(String failed, String to);
    }

    private final List<URI> bases;
    private final String token;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final HttpClient http;
    /** Failures since the last answer, by node index, in the order they happened. */
    private final Map<Integer, ApiException> failures = new LinkedHashMap<>();
    private int current;
    private int answered;
    private SwitchListener listener = (failed, to) -> { };

    ApiClient(List<URI> bases, String token, Duration connectTimeout, Duration requestTimeout) {
        this(bases, token, connectTimeout, requestTimeout, null);
    }

    /** @param tls what {@code https://} calls trust ({@link ClientTls}); null = the JDK's default */
    ApiClient(List<URI> bases, String token, Duration connectTimeout, Duration requestTimeout, SSLContext tls) {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("no node");
        }
        this.bases = List.copyOf(bases);
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            b.sslContext(tls);
        }
        this.http = b.build();
    }

    ApiClient(URI base, String token) {
        this(List.of(base), token, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    }

    /** A client of {@code url} ({@code http://host:port}, a missing scheme means http); UsageError if it is not one. */
    static ApiClient of(String url, String token) {
        return of(List.of(url == null ? "" : url), token);
    }

    /** A client of the nodes of {@code --api} values (see {@link ApiUrls}); UsageError when one is not a URL. */
    static ApiClient of(List<String> urls, String token) {
        return of(urls, token, null);
    }

    /** The same, trusting {@code tls} for {@code https://} nodes (null = the JDK's default). */
    static ApiClient of(List<String> urls, String token, SSLContext tls) {
        return new ApiClient(ApiUrls.parse(urls), token, CONNECT_TIMEOUT, REQUEST_TIMEOUT, tls);
    }

    ApiClient onSwitch(SwitchListener l) {
        this.listener = l;
        return this;
    }

    /** The current node's base URL. */
    String base() {
        return bases.get(current).toString();
    }

    /** Every node's base URL, comma-separated. */
    String bases() {
        return bases.stream().map(URI::toString).collect(Collectors.joining(", "));
    }

    int size() {
        return bases.size();
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    /** A POST that may be repeated on another node (stop, drain, ...). */
    Response post(String path, String json) {
        return send("POST", path, json);
    }

    Response patch(String path, String json) {
        return send("PATCH", path, json);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** A call that may be repeated: one pass over the nodes from the current one, moving on while a node is in trouble. */
    Response send(String method, String path, String json) {
        return pass(method, path, json, true);
    }

    /**
     * A POST that must not be done twice (a create): it moves on to the next node only when the
     * connection to one was never made; any other failure is thrown at once (the current node is then
     * the next one, for a look-up).
     */
    Response postOnce(String path, String json) {
        return pass("POST", path, json, false);
    }

    private Response pass(String method, String path, String json, boolean repeatable) {
        for (int tried = 1; ; tried++) {
            try {
                return sendOne(method, path, json);
            } catch (ApiException e) {
                if (!e.nodeTrouble() || !repeatable && e.reach() != Reach.UNSENT) {
                    throw e;
                }
                if (tried >= bases.size()) {
                    throw noNodeAnswered();
                }
            }
        }
    }

    /**
     * One attempt on the current node. When the node is in trouble the next one becomes current
     * before the exception is thrown.
     */
    Response sendOne(String method, String path, String json) {
        int at = current;
        try {
            Response r = call(bases.get(at), method, path, json);
            if (at != answered) {
                String failed = failures.entrySet().stream().filter(f -> f.getKey() != at)
                        .map(f -> describe(f.getKey(), f.getValue())).collect(Collectors.joining(", "));
                listener.switched(failed, bases.get(at).toString());
            }
            answered = at;
            failures.clear();
            return r;
        } catch (ApiException e) {
            if (e.nodeTrouble()) {
                failures.remove(at);
                failures.put(at, e);
                current = (at + 1) % bases.size();
            }
            throw e;
        }
    }

    /**
     * After every node failed: with one node its own error (as a single-node client always said it), else
     * one line naming each node and what it did.
     */
    ApiException noNodeAnswered() {
        if (bases.size() == 1 && failures.containsKey(0)) {
            return failures.get(0);
        }
        String each = failures.entrySet().stream().map(f -> bases.get(f.getKey()) + ": " + why(f.getValue()))
                .collect(Collectors.joining("; "));
        int status = failures.values().stream().mapToInt(ApiException::status).max().orElse(0);
        return new ApiException(status, null, "no node answered (" + each + ")",
                status > 0 ? Reach.ANSWERED : Reach.UNSENT);
    }

    private String describe(int node, ApiException e) {
        return e.status() > 0 ? bases.get(node) + " answered " + e.getMessage()
                : bases.get(node) + " unreachable (" + why(e) + ")";
    }

    /** What went wrong, without the "cannot reach URL: " in front. */
    private String why(ApiException e) {
        String m = e.getMessage();
        for (URI b : bases) {
            String prefix = "cannot reach " + b + ": ";
            if (m.startsWith(prefix)) {
                return m.substring(prefix.length());
            }
        }
        return m;
    }

    /** One call to one node; {@code path} starts with '/', {@code json} null = no body. */
    private Response call(URI base, String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout)
                .header("Accept", JSON + ", text/plain");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            b.header("Content-Type", JSON + "; charset=utf-8");
            b.method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ApiException.noAnswer("cannot reach " + base + ": " + why(base, e), reach(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, null, "cannot reach " + base + ": interrupted");
        }
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (r.statusCode() >= 400) {
            throw new ApiException(r.statusCode(), ApiErrors.code(r.body()), ApiErrors.message(r.statusCode(), r.body()));
        }
        if (r.statusCode() >= 300) {
            throw new ApiException(r.statusCode(), null, r.statusCode() + ": unexpected redirect to "
                    + r.headers().firstValue("Location").orElse("?") + " (is " + base + " a SiegeGrid node?)");
        }
        return new Response(r.statusCode(), r.body(), type, r.headers().firstValue("Location").orElse(null));
    }

    /** How far a call that threw {@code e} got. */
    static Reach reach(IOException e) {
        if (e instanceof HttpConnectTimeoutException || connectRefused(e) || TlsErrors.unsent(e)) {
            return Reach.UNSENT;
        }
        return e instanceof HttpTimeoutException ? Reach.TIMED_OUT : Reach.LOST;
    }

    private static boolean connectRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private String why(URI base, IOException e) {
        String tls = TlsErrors.describe(base, e);
        if (tls != null) {
            return tls;
        }
        if (e instanceof HttpConnectTimeoutException) {
            // for https the connect timeout covers the TLS handshake too
            return ("https".equalsIgnoreCase(base.getScheme()) ? "connect or TLS handshake" : "connect")
                    + " timed out after " + connectTimeout.toSeconds() + "s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + seconds(requestTimeout);
        }
        if (connectRefused(e)) {
            return "connection refused";
        }
        // a node's bytes may end up in the message (a status line it could not parse): no control characters
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : Main.oneLine(e.getMessage()).replaceAll("\\p{Cntrl}", "?");
    }

    /** {@code 10s}, {@code 0.7s}. */
    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    /** A path segment (a session or node id) percent-encoded where the URL syntax needs it. */
    static String segment(String id) {
        StringBuilder sb = new StringBuilder();
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:@".indexOf(c) >= 0)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }
}
