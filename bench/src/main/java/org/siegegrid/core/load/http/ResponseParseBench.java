package org.siegegrid.core.load.http;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Response parsing, as {@code NettyConnection.channelRead} drives it: {@code begin} then
 * {@code parse} over the inbound buffer(s) until complete. The responses sit in pooled direct
 * buffers (what the epoll transport reads into), filled once and rewound per op, so the figure is
 * the parser's and not the allocator's. One op = one whole response.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ResponseParseBench {
    /** Read size for the split variant: the first reads of Netty's adaptive receive allocator are this big. */
    static final int READ = 2048;

    private final ResponseParser parser = new ResponseParser();
    private ByteBuf small;
    private ByteBuf large;
    private ByteBuf chunked;
    private ByteBuf[] largeReads;

    /** An Undertow-style keep-alive answer with a 100-byte body (what {@code siegegrid target} sends). */
    static String small() {
        return head("Content-Length: 100\r\n") + "x".repeat(100);
    }

    /** The same with a 10 KB body. */
    static String large() {
        return head("Content-Length: 10240\r\n") + "y".repeat(10_240);
    }

    /** 10 KB in ten 1 KB chunks, then the last chunk and no trailers. */
    static String chunked() {
        String chunk = "400\r\n" + "z".repeat(1024) + "\r\n";
        return head("Transfer-Encoding: chunked\r\n") + chunk.repeat(10) + "0\r\n\r\n";
    }

    private static String head(String framing) {
        return "HTTP/1.1 200 OK\r\n"
                + "Connection: keep-alive\r\n"
                + "Content-Type: text/plain\r\n"
                + framing
                + "Date: Fri, 28 Nov 2025 01:30:00 GMT\r\n"
                + "\r\n";
    }

    @Setup(Level.Trial)
    public void setUp() {
        small = direct(small());
        large = direct(large());
        chunked = direct(chunked());
        int n = (large.readableBytes() + READ - 1) / READ;
        largeReads = new ByteBuf[n];
        for (int k = 0; k < n; k++) {
            int from = k * READ;
            largeReads[k] = large.slice(from, Math.min(READ, large.readableBytes() - from));
        }
        check(parseSmall(), 100);
        check(parseLarge(), 10_240);
        check(parseChunked(), 10_240);
        check(parseLargeIn2kReads(), 10_240);
    }

    private void check(long body, long expected) {
        if (body != expected || parser.status() != 200 || !parser.keepAlive()) {
            throw new IllegalStateException("parser fixture: body " + body + ", expected " + expected
                    + ", status " + parser.status());
        }
    }

    private static ByteBuf direct(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
        return buf.writeBytes(bytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        small.release();
        large.release();
        chunked.release();
    }

    /** 100-byte body, 227 bytes in all, in one read. */
    @Benchmark
    public long parseSmall() {
        return parseWhole(small);
    }

    /** 10 KB body, 10,369 bytes in all, in one read: the body is skipped, not scanned. */
    @Benchmark
    public long parseLarge() {
        return parseWhole(large);
    }

    /** 10 KB in ten chunks, 10,449 bytes in all, in one read: eleven size lines and chunk ends. */
    @Benchmark
    public long parseChunked() {
        return parseWhole(chunked);
    }

    /** The 10 KB response as it arrives from a socket: six reads of at most 2 KB. */
    @Benchmark
    public long parseLargeIn2kReads() {
        parser.begin(false);
        ByteBuf[] reads = largeReads;
        boolean done = false;
        for (int k = 0; k < reads.length && !done; k++) {
            ByteBuf in = reads[k];
            in.readerIndex(0);
            done = parser.parse(in);
        }
        return done ? parser.bodyBytes() : -1;
    }

    private long parseWhole(ByteBuf in) {
        in.readerIndex(0);
        parser.begin(false);
        return parser.parse(in) ? parser.bodyBytes() : -1;
    }
}
