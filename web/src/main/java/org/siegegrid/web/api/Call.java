package org.siegegrid.web.api;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Locale;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;

/**
 * One API call on a worker thread: path and query parameters, the request body (already read,
 * JSON only, UTF-8) and the response helpers. Handlers see this, not the exchange.
 */
final class Call {
    static final String JSON = "application/json; charset=utf-8";
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private final HttpServerExchange exchange;
    private final byte[] body;

    /** @param body the request body, read in full before the call was dispatched (empty for none) */
    Call(HttpServerExchange exchange, byte[] body) {
        this.exchange = exchange;
        this.body = body;
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
     * The body as text (its type and size were checked before it was read, see {@link Endpoint});
     * 400 naming the byte offset when it is not UTF-8: a malformed or truncated sequence, an
     * overlong form, an encoded surrogate or a code point above U+10FFFF.
     */
    String jsonBody() {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult r = d.decode(in, out, true);
        if (!r.isError()) {
            r = d.flush(out);
        }
        if (r.isError()) {
            throw ApiError.invalid("", "request body is not valid UTF-8: invalid byte"
                    + (r.length() > 1 ? "s" : "") + " at offset " + in.position());
        }
        return out.flip().toString();
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
