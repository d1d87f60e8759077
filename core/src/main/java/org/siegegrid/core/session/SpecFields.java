package org.siegegrid.core.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Maps the spec's JSON object onto a {@link SessionSpec}, field by field. A field with a type problem
 * becomes a neutral placeholder (null, {@code ""}, NaN) so list indexes stay right; its problem is
 * already recorded and validation does not repeat it.
 */
final class SpecFields {
    private SpecFields() {
    }

    static SessionSpec read(JsonObject o, SpecReader rd) {
        rd.unknownFields(o, SpecReader.TOP, "");
        String name = rd.string(o, "name", "name");
        JsonArray targetArray = rd.array(o, "targets", "targets");
        String urlsFile = rd.string(o, "urlsFile", "urlsFile");
        List<Target> targets = targets(targetArray, rd);
        if (targetArray != null && urlsFile != null) {
            rd.problem("urlsFile", "give either targets or urlsFile, not both");
        } else if (urlsFile != null) {
            targets = urlsFile(urlsFile, rd);
        }
        Order order = rd.enumValue(o, "order", "order", Order.class);
        Double rps = rd.number(o, "rps", "rps");
        List<Stage> stages = stages(rd.array(o, "stages", "stages"), rd);
        Integer users = rd.integer(o, "users", "users");
        Duration delay = rd.duration(o, "delay", "delay");
        Boolean benchmark = rd.bool(o, "benchmark", "benchmark");
        Integer concurrency = rd.integer(o, "concurrency", "concurrency");
        Long requests = rd.whole(o, "requests", "requests", Long.MAX_VALUE);
        Duration duration = rd.duration(o, "duration", "duration");
        Duration timeout = rd.duration(o, "timeout", "timeout");
        EngineKind engine = rd.enumValue(o, "engine", "engine", EngineKind.class);
        List<String> thresholds = thresholds(rd.array(o, "thresholds", "thresholds"), rd);
        Boolean abortOnFail = rd.bool(o, "abortOnFail", "abortOnFail");
        Duration abortGrace = rd.duration(o, "abortGrace", "abortGrace");
        Duration warmup = rd.duration(o, "warmup", "warmup");
        Boolean follow = rd.bool(o, "follow", "follow");
        Boolean cookies = rd.bool(o, "cookies", "cookies");
        Boolean gzip = rd.bool(o, "gzip", "gzip");
        Integer failures = rd.integer(o, "failures", "failures");
        HttpOptions http = new HttpOptions(follow == null || follow, cookies == null || cookies, gzip == null || gzip,
                failures);
        return new SessionSpec(name, targets, urlsFile, order, rps, stages, users, delay,
                benchmark != null && benchmark, concurrency, requests, duration, timeout, engine, thresholds, warmup,
                http, abortOnFail != null && abortOnFail, abortGrace);
    }

    private static List<Target> targets(JsonArray a, SpecReader rd) {
        List<Target> out = new ArrayList<>();
        if (a == null) {
            return out;
        }
        for (int i = 0; i < a.size(); i++) {
            String f = "targets[" + i + "]";
            JsonObject t = rd.object(a.get(i), f);
            if (t == null) {
                out.add(Target.get(""));
                continue;
            }
            rd.unknownFields(t, SpecReader.TARGET, f + ".");
            String url = rd.string(t, "url", f + ".url");
            String method = rd.string(t, "method", f + ".method");
            Map<String, String> headers = rd.headers(t, f + ".headers");
            String body = rd.string(t, "body", f + ".body");
            out.add(BasicAuth.lift(new Target(url == null ? "" : url, method, headers, body)));
        }
        return out;
    }

    private static List<Target> urlsFile(String text, SpecReader rd) {
        try {
            return UrlFileParser.parse(text, "urlsFile", null, Map.of()).stream().map(BasicAuth::lift).toList();
        } catch (UrlFileException e) {
            for (UrlFileException.LineError err : e.errors()) {
                rd.problem("urlsFile:line " + err.line(), err.message());
            }
            rd.failed.add("urlsFile");
            return List.of();
        }
    }

    private static List<Stage> stages(JsonArray a, SpecReader rd) {
        List<Stage> out = new ArrayList<>();
        if (a == null) {
            return out;
        }
        for (int i = 0; i < a.size(); i++) {
            String f = "stages[" + i + "]";
            JsonObject s = rd.object(a.get(i), f);
            if (s == null) {
                out.add(new Stage(null, Double.NaN));
                continue;
            }
            rd.unknownFields(s, SpecReader.STAGE, f + ".");
            Duration d = rd.duration(s, "duration", f + ".duration");
            Double rps = rd.number(s, "rps", f + ".rps");
            if (SpecReader.get(s, "rps") == null) {
                rd.problem(f + ".rps", "required");
            }
            out.add(new Stage(d, rps == null ? Double.NaN : rps));
        }
        return out;
    }

    private static List<String> thresholds(JsonArray a, SpecReader rd) {
        List<String> out = new ArrayList<>();
        if (a == null) {
            return out;
        }
        for (int i = 0; i < a.size(); i++) {
            JsonElement e = a.get(i);
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
                out.add(e.getAsString());
            } else {
                rd.problem("thresholds[" + i + "]", "must be a string like \"p99 < 200ms\", got " + SpecReader.kind(e));
                out.add("");
            }
        }
        return out;
    }
}
