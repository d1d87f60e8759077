package org.siegegrid.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import com.google.gson.JsonObject;

/** Sessions through a node's API: create one, read its state and start, wait for its final report. */
final class SessionApi {
    private SessionApi() {
    }

    /** Creates an open-model session through {@code via}'s API; returns its id. */
    static String create(Fleet.Node via, String sink, double rps, String duration) {
        return create(via, sink, rps, duration, null);
    }

    /** The same with a per-request {@code timeout} ({@code "2s"}; null = the default). */
    static String create(Fleet.Node via, String sink, double rps, String duration, String timeout) {
        return create(via, sink, rps, duration, timeout, 0);
    }

    /** The same with the cluster's {@code concurrency} (0 = the engine's default, a second of the rate per node). */
    static String create(Fleet.Node via, String sink, double rps, String duration, String timeout, int concurrency) {
        return create(via, String.format(Locale.ROOT,
                "{\"name\":\"faults\",\"targets\":[{\"url\":\"%s/\"}],\"rps\":%s,\"duration\":\"%s\"%s%s}", sink,
                rps == Math.rint(rps) ? Long.toString((long) rps) : Double.toString(rps), duration,
                timeout == null ? "" : ",\"timeout\":\"" + timeout + "\"",
                concurrency == 0 ? "" : ",\"concurrency\":" + concurrency));
    }

    /** Creates a session from a whole spec (JSON) through {@code via}'s API; returns its id. */
    static String create(Fleet.Node via, String spec) {
        Http.Answer a = Http.post(via.api() + "/api/v1/sessions", spec);
        if (a.status() != 201) {
            throw new IllegalStateException("POST /api/v1/sessions: " + a.status() + " " + a.body());
        }
        return a.json().get("id").getAsString();
    }

    static JsonObject session(Fleet.Node via, String id) {
        Http.Answer a = Http.get(via.api() + "/api/v1/sessions/" + id);
        return a.status() == 200 ? a.json() : null;
    }

    static String state(Fleet.Node via, String id) {
        JsonObject s = session(via, id);
        return s == null ? null : s.get("state").getAsString();
    }

    /** The session's start on the cluster clock (its first request is due then). */
    static Instant startedAt(Fleet.Node via, String id) {
        return Instant.parse(session(via, id).get("startedAt").getAsString());
    }

    /** The live stats merged from every node ({@code GET .../stats}: the report's fields), or null. */
    static JsonObject stats(Fleet.Node via, String id) {
        Http.Answer a = Http.get(via.api() + "/api/v1/sessions/" + id + "/stats");
        return a.status() == 200 ? a.json() : null;
    }

    /** Waits until the session is FINISHED (as {@code via} sees it) and returns its stored report. */
    static JsonObject finalReport(Fleet.Node via, String id, Duration atMost) {
        Fleet.await(atMost).pollInterval(Duration.ofMillis(250)).until(() -> "FINISHED".equals(state(via, id)));
        Http.Answer a = Http.get(via.api() + "/api/v1/sessions/" + id + "/report");
        if (a.status() != 200) {
            throw new IllegalStateException("report: " + a.status() + " " + a.body());
        }
        return a.json();
    }

    /** Requests the report counts: answered plus failed. */
    static long reported(JsonObject report) {
        return report.get("transactions").getAsLong() + report.get("failed_transactions").getAsLong();
    }
}
