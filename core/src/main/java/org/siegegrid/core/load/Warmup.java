package org.siegegrid.core.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.siegegrid.core.session.Order;
import org.siegegrid.core.session.Target;

/**
 * Runs a few requests through the whole engine (closed and open runners, every loop) against a
 * throwaway server socket inside this process, on loopback only. A fresh JVM otherwise spends
 * ~0.3 s loading and initialising classes on its first real requests, which the open model
 * would report as lateness. Best effort: failures are ignored.
 */
final class Warmup {
    private static final byte[] RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
            .getBytes(StandardCharsets.ISO_8859_1);

    private Warmup() {
    }

    static void run(Engine engine, int loops) {
        try (ServerSocket server = new ServerSocket(0, 4 * loops, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> accept(server), "siegegrid-warmup");
            acceptor.setDaemon(true);
            acceptor.start();
            List<Target> t = List.of(Target.get("http://127.0.0.1:" + server.getLocalPort() + "/warmup"));
            LoadPlan closed = new LoadPlan(t, Order.SEQUENTIAL, null, loops, null, true, loops, Duration.ofSeconds(2),
                    null, 1, null);
            LoadPlan open = new LoadPlan(t, Order.SEQUENTIAL, RateProfile.constant(1000), 0, null, false, loops,
                    Duration.ofSeconds(2), null, 1, null);
            try (LoadRunner c = engine.newRunner(closed); LoadRunner o = engine.newRunner(open)) {
                c.start(new LocalShare(0, loops, loops, 8L * loops));
                c.awaitDone(Duration.ofSeconds(3));
                o.start(new LocalShare(1.0, 0, loops, 4L * loops));
                o.awaitDone(Duration.ofSeconds(3));
                o.takeInterval();
            }
        } catch (IOException | RuntimeException e) {
            // no warm-up then: the first requests are just slower
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "siegegrid-warmup-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket socket) {
        try (Socket s = socket; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setSoTimeout(5000);
            int matched = 0;
            int b;
            while ((b = in.read()) >= 0) {
                matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
                if (matched == 4) {
                    matched = 0;
                    out.write(RESPONSE);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the client closed
        }
    }
}
