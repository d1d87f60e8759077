package org.siegegrid.web.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sink's faults seen from a raw socket (RST, garbage, no answer) and changed while it runs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TargetFaultsTest {
    private static final byte[] GET = "GET / HTTP/1.1\r\nHost: sink\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<TargetServer> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(TargetServer::close);
    }

    private TargetServer start(FaultMix faults) {
        TargetServer s = new TargetServer(TargetOptions.defaults().withFaults(faults)).start();
        servers.add(s);
        return s;
    }

    private static Socket connect(TargetServer s) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", s.port()), 5000);
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(GET);
        return socket;
    }

    /** Everything the server sends until it closes (or the read fails: the exception is thrown). */
    private static String readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[512];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private int status(String method, String url) throws Exception {
        return send(method, url).statusCode();
    }

    private HttpResponse<String> send(String method, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void resetRateOneAnswersEveryRequestWithAnRst() throws Exception {
        TargetServer s = start(new FaultMix(0, 1, 0, 0));
        try (Socket socket = connect(s)) {
            assertThatThrownBy(() -> readToEnd(socket)).isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
        assertThat(s.stats().resets()).isEqualTo(1);
        assertThat(s.requests()).isEqualTo(1);
    }

    @Test
    void garbageRateOneSendsALineThatIsNotHttpThenCloses() throws Exception {
        TargetServer s = start(new FaultMix(0, 0, 1, 0));
        try (Socket socket = connect(s)) {
            String got = readToEnd(socket);
            assertThat(got).startsWith("SSH-2.0-").endsWith("\r\n").doesNotContain("HTTP/");
        }
        assertThat(s.stats().garbage()).isEqualTo(1);
    }

    @Test
    void hangRateOneAcceptsAndNeverAnswers() throws Exception {
        TargetServer s = start(new FaultMix(0, 0, 0, 1));
        try (Socket socket = connect(s)) {
            socket.setSoTimeout(700);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(s.stats().hung()).isEqualTo(1);
        assertThat(s.requests()).isEqualTo(1);
        assertThat(status("GET", s.url() + "__stats")).as("the sink itself still answers").isEqualTo(200);
    }

    @Test
    void putFaultsChangesThemWhileItRunsAndDeleteRestoresTheFlags() throws Exception {
        TargetServer s = start(new FaultMix(0, 0, 0, 0));
        String faults = s.url() + "__faults";
        assertThat(status("GET", s.url())).isEqualTo(200);

        HttpResponse<String> put = send("PUT", faults + "?error-rate=1");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).startsWith("{\"errorRate\": 1.0, \"resetRate\": 0.0, \"garbageRate\": 0.0,"
                + " \"hangRate\": 0.0, \"stallLeftMs\": 0}");
        assertThat(status("GET", s.url())).isEqualTo(500);
        assertThat(s.faults().mix()).isEqualTo(FaultMix.errors(1));

        // refused whole: nothing changes
        assertThat(status("PUT", faults + "?reset-rate=0.5&colour=red")).isEqualTo(400);
        assertThat(status("PUT", faults + "?reset-rate=0.7&hang-rate=0.7")).isEqualTo(400);
        assertThat(status("PUT", faults + "?error-rate=lots")).isEqualTo(400);
        assertThat(status("PUT", faults + "?stall=soon")).isEqualTo(400);
        assertThat(status("POST", faults)).isEqualTo(405);
        assertThat(s.faults().mix()).isEqualTo(FaultMix.errors(1));

        assertThat(send("DELETE", faults).body()).startsWith("{\"errorRate\": 0.0,");
        assertThat(status("GET", s.url())).isEqualTo(200);
        assertThat(s.stats().errors()).isEqualTo(1);
        assertThat(s.stats().requests()).as("control calls are not counted").isEqualTo(3);
    }

    @Test
    void putStallAnswersNothingForThatLongThenResumes() throws Exception {
        TargetServer s = start(FaultMix.NONE);
        assertThat(status("GET", s.url())).isEqualTo(200);       // a warm connection
        long t0 = System.nanoTime();
        HttpResponse<String> put = send("PUT", s.url() + "__faults?stall=600ms");
        assertThat(put.body()).contains("\"stallLeftMs\": ").doesNotContain("\"stallLeftMs\": 0}");
        assertThat(status("GET", s.url())).isEqualTo(200);
        long heldMs = (System.nanoTime() - t0) / 1_000_000;
        long t1 = System.nanoTime();
        assertThat(status("GET", s.url())).isEqualTo(200);
        long afterMs = (System.nanoTime() - t1) / 1_000_000;
        System.out.printf("stall=600ms: the request sent during it answered %d ms after the PUT, the next in %d ms%n",
                heldMs, afterMs);
        assertThat(heldMs).isBetween(550L, 3000L);
        assertThat(afterMs).isLessThan(300);
        assertThat(s.faults().stallLeftNanos(System.nanoTime())).isZero();
    }
}
