package org.siegegrid.web.api;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.test.HazelcastTestSupport;
import com.hazelcast.test.TestHazelcastInstanceFactory;
import org.siegegrid.core.grid.Grid;
import org.siegegrid.core.grid.GridConfigFactory;
import org.siegegrid.core.grid.GridSettings;
import org.siegegrid.core.grid.NodeInfo;
import org.siegegrid.core.load.NativeEngine;
import org.siegegrid.core.load.Ticker;
import org.siegegrid.core.node.ApiAccess;
import org.siegegrid.core.node.NodeSettings;
import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SpecJson;
import org.siegegrid.web.target.TargetOptions;
import org.siegegrid.web.target.TargetServer;

/**
 * Real SiegeNodes on Hazelcast's in-JVM network (one random cluster name), the API server of the
 * first node on an ephemeral port, and the real sink. Closing stops all of it.
 */
final class ApiFixture implements AutoCloseable {
    static final Duration ROUND = Duration.ofMillis(500);
    static final Duration LEASE = Duration.ofMillis(1500);

    final TestHazelcastInstanceFactory factory = new TestHazelcastInstanceFactory();
    final String clusterName = "sg-api-" + HazelcastTestSupport.randomName();
    final Map<String, SiegeNode> nodes = new LinkedHashMap<>();
    final TargetServer sink = new TargetServer(TargetOptions.defaults()).start();
    final ApiServer api;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String token;
    private final double maxRps;
    private final List<String> allow;
    private final Path reports;
    private final int quorum;
    private final String secret;

    /** @param token bearer token ("" = none); the first node id gets the API */
    ApiFixture(Path reports, String token, double maxRps, List<String> allow, String... nodeIds) {
        this(reports, token, maxRps, allow, 1, nodeIds);
    }

    /** @param access api.auth and the names added to the redacted headers (api.redact.headers) */
    ApiFixture(Path reports, String token, double maxRps, List<String> allow, ApiAccess access, String... nodeIds) {
        this(reports, token, maxRps, allow, 1, new ApiServer("127.0.0.1", 0, token, access), "", nodeIds);
    }

    /** @param clusterSecret the fleet's cluster secret (MemberTrust): the nodes prove it when they join */
    ApiFixture(Path reports, String token, String clusterSecret, String... nodeIds) {
        this(reports, token, 10_000, List.of("127.0.0.1"), 1, new ApiServer("127.0.0.1", 0, token), clusterSecret, nodeIds);
    }

    /** @param quorum minimum cluster size; above the node count the fixture does not wait for the nodes map */
    ApiFixture(Path reports, String token, double maxRps, List<String> allow, int quorum, String... nodeIds) {
        this(reports, token, maxRps, allow, quorum, new ApiServer("127.0.0.1", 0, token), "", nodeIds);
    }

    /** The API on this server (HTTPS, say), not started yet; targets on 127.0.0.1. */
    ApiFixture(Path reports, String token, ApiServer server, String... nodeIds) {
        this(reports, token, 10_000, List.of("127.0.0.1"), 1, server, "", nodeIds);
    }

    private ApiFixture(Path reports, String token, double maxRps, List<String> allow, int quorum, ApiServer server,
                       String secret, String... nodeIds) {
        this.quorum = quorum;
        this.secret = secret;
        this.reports = reports;
        this.token = token;
        this.maxRps = maxRps;
        this.allow = allow;
        this.api = server.start();
        try {
            for (String id : nodeIds) {
                startNode(id, id.equals(nodeIds[0]) ? api.url() : null);
            }
            api.attach(nodes.get(nodeIds[0]));
            SiegeNode first = first();
            if (quorum <= nodeIds.length) {
                await().atMost(Duration.ofSeconds(30)).until(() -> first.cluster().members().size() == nodeIds.length
                        && first.nodes().size() == nodeIds.length);
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Starts one more node (no API of its own) in the fixture's cluster. */
    SiegeNode add(String id) {
        return startNode(id, null);
    }

    private SiegeNode startNode(String id, String apiUrl) {
        NodeSettings s = new NodeSettings(clusterName, id, "127.0.0.1", 5701, List.of(), "", quorum, ROUND, LEASE, 0, 0,
                token, allow, maxRps, reports).withClusterSecret(secret);
        GridSettings gs = SiegeNode.gridSettings(s).withOperationCallTimeout(Duration.ofMillis(1_000));
        HazelcastInstance hz = factory.newHazelcastInstance(GridConfigFactory.build(gs));
        SiegeNode node = SiegeNode.start(s, Grid.wrap(hz, gs), new NativeEngine(1), Ticker.SYSTEM, apiUrl);
        nodes.put(id, node);
        return node;
    }

    SiegeNode first() {
        return nodes.values().iterator().next();
    }

    String sinkUrl() {
        return sink.url();
    }

    // ------------------------------------------------------------------ HTTP

    record Resp(int status, Map<String, List<String>> headers, String body) {
        JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }

        String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().isEmpty() ? null : e.getValue().get(0);
                }
            }
            return null;
        }

        JsonObject error() {
            return json().getAsJsonObject("error");
        }
    }

    Resp get(String path) {
        return call("GET", path, null, null, null);
    }

    /** A mutating call with the fixture's token and a JSON body (null = none). */
    Resp send(String method, String path, String json) {
        return call(method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                json == null ? null : "application/json", token.isEmpty() ? null : "Bearer " + token);
    }

    Resp call(String method, String path, byte[] body, String contentType, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.url().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Resp(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ------------------------------------------------------------------ state

    /** What must not change on a rejected call: every session's id, version, state and spec; every node's state and cap. */
    List<String> state() {
        List<String> out = new ArrayList<>();
        for (Session s : first().sessions()) {
            out.add("session " + s.id() + " v" + s.version() + " " + s.state() + " " + SpecJson.toJson(s.spec()));
        }
        for (NodeInfo n : first().nodes()) {
            out.add("node " + n.nodeId() + " " + n.state() + " cap " + n.capRps());
        }
        return out;
    }

    /** A session spec aimed at the sink. */
    String spec(String extra) {
        return "{\"targets\":[{\"url\":\"" + sinkUrl() + "\"}]" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    @Override
    public void close() {
        try {
            api.close();
        } catch (RuntimeException e) {
            // best effort
        }
        for (SiegeNode n : nodes.values()) {
            try {
                n.close();
            } catch (RuntimeException e) {
                // best effort
            }
        }
        factory.terminateAll();
        sink.close();
    }
}
