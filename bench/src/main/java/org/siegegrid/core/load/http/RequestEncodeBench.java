package org.siegegrid.core.load.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.siegegrid.core.session.Target;

/**
 * Request bytes. The engine encodes each target once when the plan is prepared
 * ({@code encode*}: a reference figure, not per request) and, for every send, writes a
 * {@code duplicate()} of the pre-encoded direct buffer ({@code send*}: the per-request cost; the
 * returned view escapes, as it does into {@code channel.writeAndFlush}).
 *
 * <p>Lives in core's package to reach the package-private encoder: a split package across jars
 * is fine on the class path (and the shaded jar merges them anyway).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RequestEncodeBench {
    /** 104 bytes on the wire. */
    static final Target GET = Target.get("http://127.0.0.1:9000/api/items?page=2&size=50");
    /** 340 bytes on the wire: four user headers and a 58-byte JSON body. */
    static final Target POST = new Target("http://127.0.0.1:9000/api/login", "POST", postHeaders(),
            "{\"user\":\"alice\",\"password\":\"correct horse battery staple\"}");

    private Origin origin;
    private EncodedRequest get;
    private EncodedRequest post;

    private static Map<String, String> postHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl");
        h.put("X-Request-Source", "siegegrid-bench");
        h.put("Accept-Encoding", "identity");
        return h;
    }

    @Setup(Level.Trial)
    public void setUp() {
        origin = RequestEncoder.origin(GET.url()); // a literal address: no name lookup
        get = RequestEncoder.encode(GET, origin);
        post = RequestEncoder.encode(POST, origin);
        if (get.size() != 104 || post.size() != 340 || get.duplicate().getByte(0) != 'G') {
            throw new IllegalStateException("encoder fixture: " + get.size() + " / " + post.size() + " bytes");
        }
    }

    /** Once per plan and target: parse the URL, build the head, copy into a direct buffer. */
    @Benchmark
    public EncodedRequest encodeGet() {
        return RequestEncoder.encode(GET, origin);
    }

    @Benchmark
    public EncodedRequest encodePost() {
        return RequestEncoder.encode(POST, origin);
    }

    /** Per request: the view handed to the channel (shares the bytes, own indices). */
    @Benchmark
    public ByteBuf sendGet() {
        return get.duplicate();
    }

    @Benchmark
    public ByteBuf sendPost() {
        return post.duplicate();
    }
}
