package org.siegegrid.core.load.http;

import io.netty.buffer.ByteBuf;

import org.siegegrid.core.load.PreparedRequest;
import org.siegegrid.core.session.Target;

/** A request encoded once into an unreleasable direct buffer; every send writes a cheap duplicate of it. */
final class EncodedRequest implements PreparedRequest {
    final Origin origin;
    final boolean head;
    private final Target target;
    private final ByteBuf bytes;
    private final String key;
    private final String path;
    /** The head without its final blank line and without a target Cookie header; then the body (or null). */
    private final byte[] openHead;
    private final byte[] body;

    EncodedRequest(Target target, Origin origin, boolean head, ByteBuf bytes, String path, byte[] openHead, byte[] body) {
        this.target = target;
        this.origin = origin;
        this.head = head;
        this.bytes = bytes;
        this.key = origin.key();
        this.path = path;
        this.openHead = openHead;
        this.body = body;
    }

    @Override
    public String host() {
        return origin.host();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public boolean secure() {
        return origin.tls();
    }

    /** The request with {@code Cookie: cookie} (replacing any Cookie of the target) in a new buffer of {@code alloc}. */
    ByteBuf withCookie(io.netty.buffer.ByteBufAllocator alloc, String cookie) {
        int n = openHead.length + 8 + cookie.length() + 4 + (body == null ? 0 : body.length);
        ByteBuf b = alloc.buffer(n);
        b.writeBytes(openHead);
        b.writeCharSequence("Cookie: ", java.nio.charset.StandardCharsets.ISO_8859_1);
        b.writeCharSequence(cookie, java.nio.charset.StandardCharsets.ISO_8859_1);
        b.writeCharSequence("\r\n\r\n", java.nio.charset.StandardCharsets.ISO_8859_1);
        if (body != null) {
            b.writeBytes(body);
        }
        return b;
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public String origin() {
        return key;
    }

    /** A view to write: shares the bytes, own indices, releasing it is a no-op. */
    ByteBuf duplicate() {
        return bytes.duplicate();
    }

    int size() {
        return bytes.readableBytes();
    }
}
