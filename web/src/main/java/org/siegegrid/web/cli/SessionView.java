package org.siegegrid.web.cli;

import static org.siegegrid.web.cli.JsonFields.count;
import static org.siegegrid.web.cli.JsonFields.num;
import static org.siegegrid.web.cli.JsonFields.number;
import static org.siegegrid.web.cli.JsonFields.obj;
import static org.siegegrid.web.cli.JsonFields.objects;
import static org.siegegrid.web.cli.JsonFields.str;
import static org.siegegrid.web.cli.JsonFields.time;

import java.util.List;
import java.util.stream.Collectors;

import com.google.gson.JsonObject;

/** Text views of the API's SessionView JSON: the list table and the detail page of one session. */
final class SessionView {
    private SessionView() {
    }

    /** {@code GET /api/v1/sessions} as a table, one session a line. */
    static String list(JsonObject body) {
        Table t = new Table("ID", "NAME", "STATE", "LOAD", "LIMIT", "VERSION", "CREATED", "ENDED");
        for (JsonObject s : objects(body, "sessions")) {
            JsonObject spec = obj(s, "spec");
            t.row(str(s, "id"), str(s, "name"), str(s, "state"), load(spec), limit(spec), str(s, "version"),
                    time(str(s, "createdAt")), time(str(s, "endedAt")));
        }
        return t.size() == 0 ? "no sessions\n" : t.render();
    }

    /** One session: its fields, its live summary and its whiteboard. */
    static String show(JsonObject s) {
        JsonObject spec = obj(s, "spec");
        Table fields = new Table();
        fields.row("id:", str(s, "id"));
        fields.row("name:", str(s, "name"));
        fields.row("state:", str(s, "state") + (str(s, "reason") == null ? "" : " (" + str(s, "reason") + ")"));
        fields.row("version:", str(s, "version"));
        fields.row("load:", load(spec));
        fields.row("limit:", limit(spec));
        fields.row("targets:", targets(spec));
        fields.row("created:", time(str(s, "createdAt")));
        fields.row("started:", time(str(s, "startedAt")));
        fields.row("ended:", time(str(s, "endedAt")));
        JsonObject sum = obj(s, "summary");
        if (sum != null) {
            fields.row("target rate:", rate(num(sum, "targetRps")));
            fields.row("achieved rate:", rate(num(sum, "achievedRps")));
            fields.row("requests:", number(num(sum, "requests")));
            fields.row("errors:", number(num(sum, "errors")));
            fields.row("p99:", num(sum, "p99Ms") == null ? null : number(num(sum, "p99Ms")) + " ms");
        }
        StringBuilder sb = new StringBuilder(fields.render());
        JsonObject board = obj(s, "board");
        List<JsonObject> nodes = objects(s, "board.nodes");
        if (board != null && !nodes.isEmpty()) {
            sb.append("\nwhiteboard round ").append(str(board, "round"));
            if (num(board, "deficit") != null && num(board, "deficit") > 0) {
                sb.append(", deficit ").append(number(num(board, "deficit"))).append("/s");
            }
            sb.append(":\n").append(board(nodes));
        }
        return sb.toString();
    }

    static String board(List<JsonObject> nodes) {
        Table t = new Table("NODE", "SHARE", "USERS", "CONCURRENCY", "ACHIEVED", "ISSUED", "DONE", "FAILED",
                "DRAINED", "LEASE UNTIL");
        for (JsonObject n : nodes) {
            t.row(str(n, "id"), rate(num(n, "shareRps")), number(num(n, "users")), number(num(n, "concurrency")),
                    rate(num(n, "achievedRps")), count(n, "issued"), count(n, "done"), count(n, "failed"),
                    JsonFields.bool(n, "drained") ? "yes" : "no", time(str(n, "leaseExpiresAt")));
        }
        return t.render();
    }

    /** {@code 1000/s}, {@code stages 0->1000/s (1m30s)}, {@code 25 users}. */
    static String load(JsonObject spec) {
        if (spec == null) {
            return null;
        }
        if (num(spec, "rps") != null) {
            return rate(num(spec, "rps"));
        }
        List<JsonObject> stages = objects(spec, "stages");
        if (!stages.isEmpty()) {
            return "stages " + stages.stream().map(st -> str(st, "duration") + ":" + number(num(st, "rps")))
                    .collect(Collectors.joining(","));
        }
        if (num(spec, "users") != null) {
            return number(num(spec, "users")) + " users";
        }
        return null;
    }

    /** {@code 30s}, {@code 10000 requests}, {@code 30s or 10000 requests}; null = until stopped. */
    static String limit(JsonObject spec) {
        if (spec == null) {
            return null;
        }
        String d = str(spec, "duration");
        String n = num(spec, "requests") == null ? null : number(num(spec, "requests")) + " requests";
        return d != null && n != null ? d + " or " + n : d != null ? d : n;
    }

    private static String targets(JsonObject spec) {
        if (spec == null) {
            return null;
        }
        List<JsonObject> ts = objects(spec, "targets");
        if (ts.isEmpty()) {
            return str(spec, "urlsFile") == null ? null : "URL file";
        }
        String first = str(ts.get(0), "method") + " " + str(ts.get(0), "url");
        return ts.size() == 1 ? first : first + " and " + (ts.size() - 1) + " more";
    }

    static String rate(Double d) {
        return d == null ? null : number(d) + "/s";
    }
}
