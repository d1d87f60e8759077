package org.siegegrid.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Plain HTTP reads of the nodes' API and the sink, for the test's own checks. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    record Answer(int status, String body) {
        JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }
    }

    private Http() {
    }

    /** GET; a connection problem is status 0 (the caller waits for a node to come up). */
    static Answer get(String url) {
        return exchange(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build());
    }

    /** POST of a JSON body; a connection problem is status 0. */
    static Answer post(String url, String json) {
        return exchange(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Any method with an optional JSON body (null: none); a connection problem is status 0. */
    static Answer send(String method, String url, String json) {
        return exchange(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").method(method, json == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A request without a body (PUT, DELETE, ...); a connection problem is status 0. */
    static Answer send(String method, String url) {
        return exchange(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private static Answer exchange(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Answer(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted");
        }
    }

    /** {@code n} distinct ports free right now on 127.0.0.1. */
    static int[] freePorts(int n) throws IOException {
        Set<Integer> seen = new HashSet<>();
        int[] out = new int[n];
        int i = 0;
        while (i < n) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                if (seen.add(s.getLocalPort())) {
                    out[i++] = s.getLocalPort();
                }
            }
        }
        return out;
    }
}
