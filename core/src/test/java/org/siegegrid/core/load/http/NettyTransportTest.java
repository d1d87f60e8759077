package org.siegegrid.core.load.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.siegegrid.core.load.HttpTransport;
import org.siegegrid.core.load.IoLoop;
import org.siegegrid.core.load.LoadPlan;
import org.siegegrid.core.load.LoadRunner;
import org.siegegrid.core.load.LocalShare;
import org.siegegrid.core.load.NativeEngine;
import org.siegegrid.core.load.PreparedRequest;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.report.Counters;
import org.siegegrid.core.report.ErrorKind;
import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.Target;

/** The transport against servers that misbehave on purpose (a raw socket server on loopback). */
@Timeout(30)
class NettyTransportTest {

    /** Answers every request on a connection with {@code response}; closes after it when {@code close}. */
    static final class RawServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        private final Thread acceptor;

        RawServer(String response, boolean close) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        connections.incrementAndGet();
                        Thread t = new Thread(() -> serve(s, response, close));
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve(Socket s, String response, boolean close) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                int matched = 0;
                int b;
                while ((b = in.read()) >= 0) {
                    matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
                    if (matched == 4) {
                        matched = 0;
                        requests.incrementAndGet();
                        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        if (close) {
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static Counters run(HttpTransport transport, String url, int users, long quota) throws Exception {
        try (NativeEngine engine = new NativeEngine(transport, Ticker.SYSTEM)) {
            LoadPlan plan = new LoadPlan(List.of(Target.get(url)), Order.SEQUENTIAL, null, users, null, true, users,
                    Duration.ofSeconds(3), null, 1, null);
            try (LoadRunner r = engine.newRunner(plan)) {
                r.start(new LocalShare(0, users, users, quota));
                assertThat(r.awaitDone(Duration.ofSeconds(20))).isTrue();
                return r.totals();
            }
        }
    }

    static Stream<Arguments> servers() {
        return Stream.of(
            // name, response, close after it, successes, resets, body bytes per response, connections
            Arguments.of("keep-alive chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n\r\n",
                    false, 20, 0, 4, 2),
            Arguments.of("connection close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\nabc",
                    true, 20, 0, 3, 20),
            Arguments.of("body until EOF", "HTTP/1.1 200 OK\r\n\r\nuntil-eof", true, 20, 0, 9, 20),
            Arguments.of("closed mid-response", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc", true, 0, 20, 0, 20),
            Arguments.of("closed before a response", "", true, 0, 20, 0, 20));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void framingAndServerCloses(String name, String response, boolean close, long ok, long resets, long body,
                                int conns) throws Exception {
        try (RawServer server = new RawServer(response, close)) {
            Counters c = run(new NettyTransport(1), server.url(), 2, 20);
            System.out.printf("%s: %s over %d connections%n", name, c, server.connections.get());
            assertThat(c.successes()).isEqualTo(ok);
            assertThat(c.error(ErrorKind.RESET)).isEqualTo(resets);
            assertThat(c.bytes()).isEqualTo(body * ok);
            assertThat(c.completed()).isEqualTo(20);
            assertThat(server.connections.get()).isEqualTo(conns);
        }
    }

    @Test
    void unresolvedHostCountsDns() throws Exception {
        NettyTransport netty = new NettyTransport(1);
        HttpTransport dnsless = new HttpTransport() {
            @Override
            public int loopCount() {
                return netty.loopCount();
            }

            @Override
            public IoLoop loop(int index) {
                return netty.loop(index);
            }

            @Override
            public PreparedRequest prepare(Target target) {
                return RequestEncoder.encode(target, new Origin(false, "nowhere.invalid", 80, null));
            }

            @Override
            public void close() {
                netty.close();
            }
        };
        Counters c = run(dnsless, "http://nowhere.invalid/", 2, 10);
        assertThat(c.error(ErrorKind.DNS)).isEqualTo(10);
    }
}
