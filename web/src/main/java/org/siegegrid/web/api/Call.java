package org.siegegrid.web.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Locale;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;

/**
 * One API call on a worker thread: path and query parameters, the request body (size-limited,
 * JSON only, UTF-8) and the response helpers. Handlers see this, not the exchange.
 */
final class Call {
    static final String JSON = "application/json; charset=utf-8";
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();
    /** An oversized body declared up to this size is read and thrown away, so the client sees the 413. */
    private static final long DRAIN_LIMIT = 16L << 20;

    private final HttpServerExchange exchange;
    private final long maxBody;

    Call(HttpServerExchange exchange, long maxBody) {
        this.exchange = exchange;
        this.maxBody = maxBody;
    }

    HttpServerExchange exchange() {
        return exchange;
    }

    /** A path template parameter ({@code {id}}); 404 when it is empty. */
    String path(String name) {
        PathTemplateMatch m = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        String v = m == null ? null : m.getParameters().get(name);
        if (v == null || v.isEmpty()) {
            throw ApiError.notFound(name, "missing " + name + " in the path");
        }
        return v;
    }

    /** A query parameter, or null. */
    String query(String name) {
        Deque<String> d = exchange.getQueryParameters().get(name);
        return d == null || d.isEmpty() ? null : d.getFirst();
    }

    /**
     * The body as text: 415 unless its Content-Type is JSON (a missing type is taken as JSON), 413
     * above the limit, 400 when it is not UTF-8.
     */
    String jsonBody() throws IOException {
        String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (type != null && !isJson(type)) {
            drain();
            throw ApiError.unsupportedMediaType(type);
        }
        byte[] bytes = readLimited();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw ApiError.invalid("", "request body is not valid UTF-8");
        }
    }

    /** application/json, application/merge-patch+json or any +json type, in UTF-8 (or no charset). */
    static boolean isJson(String contentType) {
        String[] parts = contentType.split(";");
        String mime = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.equals("application/json") && !(mime.startsWith("application/") && mime.endsWith("+json"))) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                String cs = p.substring("charset=".length()).replace("\"", "").trim();
                if (!cs.equals("utf-8") && !cs.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }

    private byte[] readLimited() throws IOException {
        long declared = exchange.getRequestContentLength();
        if (declared > maxBody) {
            drain();
            throw ApiError.tooLarge(maxBody);
        }
        exchange.startBlocking();
        if (HttpContinue.requiresContinueResponse(exchange)) {
            HttpContinue.sendContinueResponseBlocking(exchange);
        }
        InputStream in = exchange.getInputStream();
        byte[] buf = new byte[(int) Math.min(maxBody + 1, declared >= 0 ? declared + 1 : 8192)];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (n > maxBody) {
                    drain();
                    throw ApiError.tooLarge(maxBody);
                }
                buf = java.util.Arrays.copyOf(buf, (int) Math.min(maxBody + 1, (long) buf.length * 2));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (n > maxBody) {
            throw ApiError.tooLarge(maxBody);
        }
        return java.util.Arrays.copyOf(buf, n);
    }

    /**
     * Reads and drops what is left of the body (bounded); past the bound the connection is closed
     * after the answer. A client waiting for "100 Continue" gets none: it sends no body, and the
     * connection closes after the answer.
     */
    void drain() {
        if (HttpContinue.requiresContinueResponse(exchange)) {
            exchange.setPersistent(false);
            return;
        }
        exchange.setPersistent(exchange.getRequestContentLength() >= 0 && exchange.getRequestContentLength() <= DRAIN_LIMIT);
        if (!exchange.isPersistent()) {
            return;
        }
        try {
            exchange.startBlocking();
            InputStream in = exchange.getInputStream();
            byte[] sink = new byte[8192];
            long total = 0;
            int r;
            while ((r = in.read(sink)) >= 0) {
                total += r;
                if (total > DRAIN_LIMIT) {
                    exchange.setPersistent(false);
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            exchange.setPersistent(false);
        }
    }

    void json(int status, JsonElement body) {
        send(status, JSON, GSON.toJson(body) + "\n");
    }

    void send(int status, String contentType, String text) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(text, StandardCharsets.UTF_8);
    }

    void noContent() {
        exchange.setStatusCode(204);
        exchange.endExchange();
    }

    void error(ApiError e) {
        if (e.status() == 401) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"siegegrid\"");
        }
        json(e.status(), e.body());
    }
}
