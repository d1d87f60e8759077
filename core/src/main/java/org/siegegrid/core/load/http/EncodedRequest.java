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

    EncodedRequest(Target target, Origin origin, boolean head, ByteBuf bytes) {
        this.target = target;
        this.origin = origin;
        this.head = head;
        this.bytes = bytes;
        this.key = origin.key();
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
