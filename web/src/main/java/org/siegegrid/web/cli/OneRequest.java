package org.siegegrid.web.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import javax.net.ssl.SSLSocketFactory;

import org.siegegrid.core.load.http.RequestBytes;
import org.siegegrid.core.session.Target;

/**
 * {@code run -g} / {@code run -p}: one request, sent outside the engine with the engine's exact bytes
 * ({@code Connection: close} added), printed as siege 4.0.7 prints it: the request head, then with
 * {@code -g} the response's status line and headers, with {@code -p} the response body (decoded).
 */
final class OneRequest {
    private OneRequest() {
    }

    /** Sends {@code target} and prints it; 0, or 1 when no response came (the reason on {@code err}). */
    static int run(Target target, boolean gzip, Duration timeout, boolean body, PrintWriter out, PrintWriter err) {
        Target t = RequestBytes.withDefaults(target, gzip);
        java.util.Map<String, String> h = new java.util.LinkedHashMap<>(t.headers());
        h.keySet().removeIf("connection"::equalsIgnoreCase);
        h.put("Connection", "close");
        t = new Target(t.url(), t.method(), h, t.body());
        byte[] request = RequestBytes.of(t);
        int headEnd = headEnd(request);
        out.print(text(request, headEnd).replace("\r\n", "\n"));
        out.println();
        out.flush();
        URI u = URI.create(t.url());
        boolean tls = "https".equalsIgnoreCase(u.getScheme());
        int port = u.getPort() > 0 ? u.getPort() : tls ? 443 : 80;
        int ms = (int) Math.min(Integer.MAX_VALUE, (timeout == null ? Duration.ofSeconds(30) : timeout).toMillis());
        try (Socket s = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), port), ms);
            s.setSoTimeout(ms);
            OutputStream os = s.getOutputStream();
            os.write(request);
            os.flush();
            byte[] response = s.getInputStream().readAllBytes();
            int end = headEnd(response);
            String head = text(response, end);
            if (body) {
                out.print(new String(decode(head, java.util.Arrays.copyOfRange(response, Math.min(end, response.length),
                        response.length)), StandardCharsets.UTF_8));
                out.println();
            } else {
                out.print(head.replace("\r\n", "\n"));
                out.println();
            }
            out.flush();
            return Main.OK;
        } catch (IOException e) {
            err.println("siegegrid: " + t.method() + " " + t.url() + ": " + e.getMessage());
            err.flush();
            return Main.FAILED;
        }
    }

    /** The index after the head's blank line (the whole array when there is none). */
    private static int headEnd(byte[] b) {
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i + 4;
            }
        }
        return b.length;
    }

    private static String text(byte[] b, int end) {
        return new String(b, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** The body as the application sees it: de-chunked, then gunzipped or inflated as its headers say. */
    static byte[] decode(String head, byte[] raw) throws IOException {
        String lower = head.toLowerCase(Locale.ROOT);
        byte[] b = lower.contains("\ntransfer-encoding: chunked") ? dechunk(raw) : raw;
        if (lower.contains("\ncontent-encoding: gzip")) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
                return in.readAllBytes();
            }
        }
        if (lower.contains("\ncontent-encoding: deflate")) {
            try (InputStream in = new InflaterInputStream(new java.io.ByteArrayInputStream(b))) {
                return in.readAllBytes();
            }
        }
        return b;
    }

    private static byte[] dechunk(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length) {
            int eol = i;
            while (eol + 1 < raw.length && !(raw[eol] == '\r' && raw[eol + 1] == '\n')) {
                eol++;
            }
            String size = new String(raw, i, eol - i, StandardCharsets.ISO_8859_1).replaceAll(";.*", "").strip();
            int n;
            try {
                n = Integer.parseInt(size, 16);
            } catch (NumberFormatException e) {
                break;
            }
            if (n == 0) {
                break;
            }
            int from = eol + 2;
            out.write(raw, from, Math.min(n, raw.length - from));
            i = from + n + 2;
        }
        return out.toByteArray();
    }
}
