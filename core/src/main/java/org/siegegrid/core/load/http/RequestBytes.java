package org.siegegrid.core.load.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.buffer.ByteBuf;

import org.siegegrid.core.session.BasicAuth;
import org.siegegrid.core.session.HttpOptions;
import org.siegegrid.core.session.Target;

/**
 * The exact bytes the native engine sends for a target (head and body), for {@code run -g}/{@code -p},
 * which print the request as it goes out and send it once outside the engine.
 */
public final class RequestBytes {
    private RequestBytes() {
    }

    /** siege's {@code Accept-Encoding: gzip, deflate} unless the target says otherwise (or gzip is off); URL credentials lifted. */
    public static Target withDefaults(Target given, boolean gzip) {
        Target t = BasicAuth.lift(given);
        if (!gzip || t.headers().keySet().stream().anyMatch("accept-encoding"::equalsIgnoreCase)) {
            return t;
        }
        Map<String, String> h = new LinkedHashMap<>(t.headers());
        h.put("Accept-Encoding", HttpOptions.ACCEPT_ENCODING);
        return new Target(t.url(), t.method(), h, t.body());
    }

    /** The request as sent: head, blank line, body (if any). The target as the engine gets it (defaults added). */
    public static byte[] of(Target target) {
        EncodedRequest e = RequestEncoder.encode(target, RequestEncoder.origin(target.url()));
        ByteBuf b = e.duplicate();
        byte[] out = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), out);
        return out;
    }
}
