package org.siegegrid.web.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A Server-Sent Events client on a plain socket (HTTP/1.0: no chunking, the stream ends with the
 * connection), reading on its own thread. {@code stalled} = it sends the request and never reads.
 */
final class SseClient implements AutoCloseable {
    record Event(String event, String id, String data, long arrivedNanos) {
        JsonObject json() {
            return JsonParser.parseString(data).getAsJsonObject();
        }
    }

    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<String> headers = new CopyOnWriteArrayList<>();
    /** Every line of the stream after the headers, as sent (events, ids, retry, blank lines). */
    final List<String> lines = new CopyOnWriteArrayList<>();
    volatile String status;
    volatile boolean ended;
    private final Socket socket;
    private final Thread reader;

    SseClient(int port, String path, boolean stalled) throws IOException {
        this(port, path, stalled, null);
    }

    /** @param authorization the {@code Authorization} header's value; null = none */
    SseClient(int port, String path, boolean stalled, String authorization) throws IOException {
        this(port, path, stalled, authorization, null);
    }

    /** @param lastEventId the {@code Last-Event-ID} header's value (a reconnect); null = none */
    SseClient(int port, String path, boolean stalled, String authorization, String lastEventId) throws IOException {
        socket = new Socket();
        if (stalled) {
            socket.setReceiveBufferSize(1024);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        reader = new Thread(this::read, "sse-client " + path);
        reader.setDaemon(true);
        if (!stalled) {
            reader.start();
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            status = in.readLine();
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                headers.add(line);
            }
            String event = "message";
            String id = null;
            StringBuilder data = new StringBuilder();
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(event, id, data.toString(), System.nanoTime()));
                    }
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).strip());
                }
            }
        } catch (IOException e) {
            // closed
        } finally {
            ended = true;
        }
    }

    List<Event> of(String event) {
        return events.stream().filter(e -> e.event().equals(event)).toList();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
