package org.siegegrid.core.load.http;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.siegegrid.core.session.Target;

/** Turns a {@link Target} into the exact HTTP/1.1 bytes sent for it, once. */
final class RequestEncoder {
    static final String USER_AGENT = "SiegeGrid/0.1";
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private RequestEncoder() {
    }

    static Origin origin(String url) {
        URI uri = parse(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http and https URLs can be sent: " + url);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("URL without a host: " + url);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            address = null;
        }
        return new Origin(tls, host, port, address);
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad URL: " + url + " (" + e.getMessage() + ")");
        }
    }

    static EncodedRequest encode(Target target, Origin origin) {
        URI uri = parse(target.url());
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path = path + "?" + uri.getRawQuery();
        }
        String method = target.method().toUpperCase(Locale.ROOT);
        byte[] body = target.body() == null ? null : target.body().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = target.headers();
        StringBuilder sb = new StringBuilder(128);
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        if (!has(headers, "host")) {
            sb.append("Host: ").append(origin.hostHeader()).append("\r\n");
        }
        if (!has(headers, "user-agent")) {
            sb.append("User-Agent: ").append(USER_AGENT).append("\r\n");
        }
        if (!has(headers, "accept")) {
            sb.append("Accept: */*\r\n");
        }
        int cookieStart = -1;
        int cookieEnd = -1;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String k = h.getKey();
            if (!k.equalsIgnoreCase("content-length")) {
                if (k.equalsIgnoreCase("cookie")) {
                    cookieStart = sb.length();
                }
                sb.append(k).append(": ").append(h.getValue()).append("\r\n");
                if (k.equalsIgnoreCase("cookie")) {
                    cookieEnd = sb.length();
                }
            }
        }
        if (body != null || BODY_METHODS.contains(method)) {
            if (body != null && !has(headers, "content-type")) {
                sb.append("Content-Type: application/x-www-form-urlencoded\r\n"); // siege's default for POST data
            }
            sb.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        // the head without its end (and without a Cookie of the target's: a user's jar replaces it, as in
        // siege), for a send that adds the jar's Cookie line
        String open = cookieStart < 0 ? sb.toString() : sb.substring(0, cookieStart) + sb.substring(cookieEnd);
        sb.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(sb.length() + (body == null ? 0 : body.length));
        out.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.writeBytes(body);
        }
        byte[] bytes = out.toByteArray();
        // a JDK direct buffer: the garbage collector frees it with the plan (nobody releases it)
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        ByteBuf buf = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
        return new EncodedRequest(target, origin, method.equals("HEAD"), buf, path,
                open.getBytes(StandardCharsets.ISO_8859_1), body);
    }

    private static boolean has(Map<String, String> headers, String name) {
        for (String k : headers.keySet()) {
            if (k.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
