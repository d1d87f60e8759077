package org.siegegrid.web.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A small client of one node's REST API (API-CONTRACT.md) on {@link HttpClient}. Every call either
 * returns a 2xx {@link Response} or throws {@link ApiException} whose message is one readable line:
 * {@code 409 conflict: state: session abc is FINISHED} from the contract's error body, or
 * {@code cannot reach http://127.0.0.1:8080: connection refused}.
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
                    + Main.oneLine(abbreviate(body)));
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http;

    ApiClient(URI base, String token) {
        this.base = base;
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A client of {@code url} ({@code http://host:port}, a missing scheme means http); UsageError if it is not one. */
    static ApiClient of(String url, String token) {
        return new ApiClient(baseUri(url), token);
    }

    static URI baseUri(String url) {
        String u = url == null ? "" : url.strip();
        if (!u.contains("://")) {
            u = "http://" + u;
        }
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw new UsageError("--api: not an http(s) base URL: '" + url + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageError("--api: not an http(s) base URL: '" + url + "'");
        }
    }

    String base() {
        return base.toString();
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, String json) {
        return send("POST", path, json);
    }

    Response patch(String path, String json) {
        return send("PATCH", path, json);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** One call; {@code path} starts with '/', {@code json} null = no body. */
    Response send(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
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
            throw new ApiException(0, null, "cannot reach " + base + ": " + why(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, null, "cannot reach " + base + ": interrupted");
        }
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (r.statusCode() >= 400) {
            throw new ApiException(r.statusCode(), code(r.body()), errorMessage(r.statusCode(), r.body()));
        }
        if (r.statusCode() >= 300) {
            throw new ApiException(r.statusCode(), null, r.statusCode() + ": unexpected redirect to "
                    + r.headers().firstValue("Location").orElse("?") + " (is " + base + " a SiegeGrid node?)");
        }
        return new Response(r.statusCode(), r.body(), type, r.headers().firstValue("Location").orElse(null));
    }

    private static String why(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out after " + CONNECT_TIMEOUT.toSeconds() + "s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : Main.oneLine(e.getMessage());
    }

    /** The contract's error code of an error body, or null. */
    static String code(String body) {
        JsonObject err = errorObject(body);
        return err != null && err.has("code") && err.get("code").isJsonPrimitive() ? err.get("code").getAsString() : null;
    }

    /**
     * One line for an error answer: {@code 409 conflict: state: session abc is FINISHED}; every problem
     * of a 400, each as {@code field: message}, joined by "; ". A body that is not the contract's error
     * object is shown abbreviated.
     */
    static String errorMessage(int status, String body) {
        JsonObject err = errorObject(body);
        if (err == null) {
            String text = body == null || body.isBlank() ? reason(status) : Main.oneLine(abbreviate(body));
            return status + ": " + text;
        }
        String code = text(err, "code");
        List<String> parts = new ArrayList<>();
        if (err.has("problems") && err.get("problems").isJsonArray()) {
            for (JsonElement p : err.getAsJsonArray("problems")) {
                if (p.isJsonObject()) {
                    parts.add(problem(text(p.getAsJsonObject(), "field"), text(p.getAsJsonObject(), "message")));
                }
            }
        }
        if (parts.isEmpty()) {
            parts.add(problem(text(err, "field"), text(err, "message")));
        }
        String line = status + " " + (code == null ? reason(status) : code) + ": " + String.join("; ", parts);
        if (status == 401) {
            line += " (give --token or set SIEGEGRID_API_TOKEN)";
        }
        return Main.oneLine(line);
    }

    private static String problem(String field, String message) {
        String m = message == null ? "error" : message;
        return field == null || field.isEmpty() ? m : field + ": " + m;
    }

    private static JsonObject errorObject(String body) {
        try {
            JsonElement e = JsonParser.parseString(body == null ? "" : body);
            if (e.isJsonObject() && e.getAsJsonObject().has("error") && e.getAsJsonObject().get("error").isJsonObject()) {
                return e.getAsJsonObject().getAsJsonObject("error");
            }
        } catch (JsonParseException ignored) {
            // not JSON: the caller shows the text
        }
        return null;
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.isJsonPrimitive() ? e.getAsString() : e.toString();
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 409 -> "conflict";
            case 500 -> "internal server error";
            case 502 -> "bad gateway";
            case 503 -> "unavailable";
            default -> "error";
        };
    }

    private static String abbreviate(String s) {
        String t = s == null ? "" : s.strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "...";
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
