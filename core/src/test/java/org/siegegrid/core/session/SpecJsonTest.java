package org.siegegrid.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SpecJsonTest {
    private static final String T = "\"targets\": [{\"url\": \"http://127.0.0.1:9000/\"}]";

    /** A valid open-model body with {@code extra} spliced in (an extra field, or a replacement). */
    private static String open(String extra) {
        return "{" + T + ", \"rps\": 100" + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    private static String closed(String extra) {
        return "{" + T + ", \"users\": 10" + (extra.isEmpty() ? "" : ", " + extra) + "}";
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                // broken JSON: one problem, with line and column
                Arguments.of("{\"rps\": 100,", "", "malformed JSON at line 1"),
                Arguments.of("{\n  \"rps\": 100\n  \"users\": 2\n}", "rps", "malformed JSON at line 3 column"),
                Arguments.of("{\"rps\": NaN, " + T + "}", "rps", "malformed JSON"),
                Arguments.of("{'rps': 1}", "", "malformed JSON"),
                Arguments.of("{\"rps\": 1} // comment", "", "malformed JSON"),
                Arguments.of("{\"rps\": 1}{}", "", "malformed JSON"),
                Arguments.of("", "", "empty body"),
                Arguments.of("[1, 2]", "", "expected a JSON object, got an array"),
                Arguments.of("\"rps\"", "", "expected a JSON object"),
                // unknown and duplicate fields
                Arguments.of(open("\"rsp\": 5"), "rsp", "unknown field; did you mean \"rps\"?"),
                Arguments.of(open("\"urls_file\": \"x\""), "urls_file", "did you mean \"urlsFile\"?"),
                Arguments.of(open("\"colour\": 5"), "colour", "unknown field"),
                Arguments.of("{\"targets\": [{\"url\": \"http://h/\", \"verb\": \"GET\"}], \"rps\": 1}", "targets[0].verb", "unknown field"),
                Arguments.of(open("\"rps\": 200"), "rps", "duplicate field"),
                // wrong types
                Arguments.of("{" + T + ", \"rps\": \"fast\"}", "rps", "must be a number, got the string \"fast\""),
                Arguments.of(closed("\"users\": 2.5").replace("\"users\": 10, ", ""), "users", "whole number"),
                Arguments.of(closed("").replace("10", "\"10\""), "users", "must be a number"),
                Arguments.of(closed("\"benchmark\": \"yes\""), "benchmark", "true or false"),
                Arguments.of(open("\"name\": 5"), "name", "must be a string, got the number 5"),
                Arguments.of("{\"targets\": {\"url\": \"http://h/\"}, \"rps\": 1}", "targets", "must be an array"),
                Arguments.of("{\"targets\": [\"http://h/\"], \"rps\": 1}", "targets[0]", "must be an object"),
                Arguments.of("{\"targets\": [{\"url\": 7}], \"rps\": 1}", "targets[0].url", "must be a string"),
                Arguments.of("{\"targets\": [{\"url\": \"http://h/\", \"headers\": {\"X-A\": 1}}], \"rps\": 1}",
                        "targets[0].headers.X-A", "header value must be a string"),
                Arguments.of(open("\"thresholds\": [\"p99 < 2s\", 5]"), "thresholds[1]", "must be a string"),
                Arguments.of(open("\"order\": \"shuffled\""), "order", "must be one of sequential, random"),
                Arguments.of(open("\"engine\": \"wrk\""), "engine", "must be one of native, siege"),
                // numbers out of range
                Arguments.of("{" + T + ", \"rps\": -5}", "rps", "must be > 0, got -5"),
                Arguments.of("{" + T + ", \"rps\": 0}", "rps", "must be > 0"),
                Arguments.of("{" + T + ", \"rps\": 1e400}", "rps", "number too large"),
                Arguments.of("{" + T + ", \"rps\": 20000000}", "rps", "above the limit of 10000000"),
                Arguments.of("{" + T + ", \"users\": 0}", "users", "must be > 0"),
                Arguments.of("{" + T + ", \"users\": 1e20}", "users", "number too large"),
                Arguments.of(open("\"requests\": 0"), "requests", "must be > 0"),
                Arguments.of(open("\"concurrency\": -1"), "concurrency", "must be > 0"),
                // durations
                Arguments.of(open("\"duration\": 30"), "duration", "must be a duration string with a unit"),
                Arguments.of(open("\"duration\": \"30\""), "duration", "needs a unit"),
                Arguments.of(open("\"duration\": \"0s\""), "duration", "must be > 0"),
                Arguments.of(open("\"timeout\": \"soon\""), "timeout", "bad duration \"soon\""),
                Arguments.of(open("\"timeout\": \"2h\""), "timeout", "above the limit of 1h"),
                Arguments.of(closed("\"delay\": \"-1s\""), "delay", "negative"),
                Arguments.of(open("\"warmup\": \"-1s\""), "warmup", "negative"),
                Arguments.of(open("\"duration\": \"10s\", \"warmup\": \"10s\""), "warmup",
                        "must be shorter than the run (10s), got 10s"),
                Arguments.of(open("\"duration\": \"10s\", \"warmup\": \"9.5s\""), "warmup", "(whole seconds: 10s)"),
                Arguments.of("{" + T + ", \"stages\": [{\"duration\": \"10x\", \"rps\": 5}]}", "stages[0].duration", "bad duration"),
                Arguments.of("{" + T + ", \"stages\": [{\"duration\": \"10s\", \"rps\": 5}, {\"duration\": \"10s\"}]}", "stages[1].rps", "required"),
                Arguments.of("{" + T + ", \"stages\": [{\"duration\": \"10s\", \"rps\": -1}]}", "stages[0].rps", "must be >= 0"),
                // model and targets
                Arguments.of("{" + T + "}", "rps", "one of rps or stages (open model) or users (closed model) is required"),
                Arguments.of(open("\"users\": 3"), "users", "not both"),
                Arguments.of(open("\"stages\": [{\"duration\": \"1s\", \"rps\": 5}]"), "stages", "not both"),
                Arguments.of(open("\"delay\": \"1s\""), "delay", "closed model"),
                Arguments.of(open("\"engine\": \"siege\""), "engine", "closed model only"),
                Arguments.of("{\"rps\": 5}", "targets", "at least one target"),
                Arguments.of("{\"targets\": [], \"rps\": 5}", "targets", "at least one target"),
                Arguments.of("{\"targets\": [{\"url\": \"/relative\"}], \"rps\": 1}", "targets[0].url", "must be absolute"),
                Arguments.of("{\"targets\": [{\"url\": \"ftp://h/\"}], \"rps\": 1}", "targets[0].url", "http or https"),
                Arguments.of("{\"targets\": [{\"method\": \"GET\"}], \"rps\": 1}", "targets[0].url", "required"),
                Arguments.of("{\"targets\": [{\"url\": \"http://h/\", \"method\": \"GE T\"}], \"rps\": 1}", "targets[0].method", "not a valid HTTP method"),
                Arguments.of(open("\"urlsFile\": \"http://h/\""), "urlsFile", "not both"),
                Arguments.of("{\"urlsFile\": \"http://h/\\nhttp://h/ FOO\", \"rps\": 1}", "urlsFile:line 2", "FOO is no method"),
                Arguments.of("{\"urlsFile\": \"http://$(SECRET)/\", \"rps\": 1}", "urlsFile:line 1", "undefined variable SECRET"),
                Arguments.of("{\"urlsFile\": \"http://h/ POST < /etc/passwd\", \"rps\": 1}", "urlsFile:line 1", "not allowed here"),
                Arguments.of("{\"urlsFile\": \"# nothing\", \"rps\": 1}", "urlsFile", "at least one target"),
                Arguments.of(open("\"thresholds\": [\"p99 <\"]"), "thresholds[0]", "threshold 'p99 <'"),
                Arguments.of(open("\"thresholds\": [\"p99 < 1s\", \"p99 < 200\"]"), "thresholds[1]",
                        "threshold 'p99 < 200': a latency needs a unit: 200ms or 0.2s"),
                Arguments.of(open("\"thresholds\": [\"errors < 3\"]"), "thresholds[0]", "errors < 3% (for a count"),
                Arguments.of(open("\"abortOnFail\": true"), "abortOnFail", "give at least one in thresholds"),
                Arguments.of(open("\"abortOnFail\": \"yes\""), "abortOnFail", "must be"),
                Arguments.of(open("\"thresholds\": [\"p99 < 1s\"], \"abortGrace\": \"5s\""), "abortGrace", "set abortOnFail too"),
                Arguments.of(open("\"thresholds\": [\"p99 < 1s\"], \"abortOnFail\": true, \"abortGrace\": \"5\""),
                        "abortGrace", "duration"),
                Arguments.of(open("\"thresholds\": [\"p99 < 1s\"], \"abortOnFail\": true, \"duration\": \"10s\","
                        + " \"abortGrace\": \"10s\""), "abortGrace", "shorter than the run"),
                Arguments.of(open("\"name\": \"  \""), "name", "blank"),
                // invalid Unicode: an escaped surrogate that is not half of a pair (Gson accepts it, UTF-8 makes it '?')
                Arguments.of(open("\"name\": \"\\ud800\""), "name", "lone surrogate \\uD800 at character 0"),
                Arguments.of(open("\"name\": \"ab\\udfff\""), "name", "lone surrogate \\uDFFF at character 2"),
                Arguments.of(open("\"name\": \"\\udc00\\ud800\""), "name", "lone surrogate \\uDC00"),
                Arguments.of(open("\"name\": \"\\ud800x\""), "name", "lone surrogate \\uD800"),
                Arguments.of(open("\"name\": \"x\\ud83d\""), "name", "at line 1 column"),
                Arguments.of("{\"targets\": [{\"url\": \"http://h/\\ud800\"}], \"rps\": 1}", "targets[0].url", "lone surrogate"),
                Arguments.of(open("\"\\ud800\": 1"), "\\uD800", "the field name holds a lone surrogate"),
                Arguments.of("{\"targets\": [{\"url\": \"http://h/\", \"headers\": {\"X-\\udbff\": \"v\"}}], \"rps\": 1}",
                        "targets[0].headers.X-\\uDBFF", "lone surrogate"));
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("badBodies")
    void rejectsNamingTheField(String body, String field, String message) {
        SpecJson.Parsed p = SpecJson.parse(body);
        System.out.println(body.replace('\n', ' ') + "  =>  " + p.problems());
        assertThat(p.ok()).isFalse();
        assertThat(p.spec()).isNull();
        assertThat(p.problems()).as("problems of %s", body)
                .anySatisfy(pr -> {
                    assertThat(pr.field()).isEqualTo(field);
                    assertThat(pr.message()).contains(message);
                });
    }

    @Test
    void aSurrogatePairIsFineEscapedOrNot() {
        SpecJson.Parsed escaped = SpecJson.parse(open("\"name\": \"\\ud83d\\ude00 go\""));
        SpecJson.Parsed raw = SpecJson.parse(open("\"name\": \"\ud83d\ude00 go\""));
        assertThat(escaped.problems()).isEmpty();
        assertThat(escaped.spec().name()).isEqualTo("\ud83d\ude00 go").isEqualTo(raw.spec().name());
    }

    @Test
    void reportsEveryProblemAtOnceAndNotTwice() {
        String body = "{\"targets\": [{\"url\": \"http://h/\"}, {\"url\": \"nope\"}, {\"url\": \"http://h/\", \"method\": \"B@D\"}],"
                + " \"rps\": \"fast\", \"users\": -1, \"timeout\": 30, \"bogus\": true, \"thresholds\": [\"p42 < 1ms\"]}";
        SpecJson.Parsed p = SpecJson.parse(body);
        assertThat(p.problems()).extracting(Problem::field).containsExactlyInAnyOrder(
                "bogus", "rps", "timeout", "targets[1].url", "targets[2].method", "users", "thresholds[0]");
        System.out.println("problems: " + p.problems());
    }

    @Test
    void parsesTheDesignExample() {
        String body = """
                { "name": "checkout-spike",
                  "targets": [{"url": "http://127.0.0.1:9000/", "method": "GET", "headers": {}, "body": null}],
                  "order": "random",
                  "stages": [{"duration": "30s", "rps": 1000}, {"duration": "1m", "rps": 5000}],
                  "concurrency": 200, "requests": 100000, "timeout": "30s",
                  "engine": "native", "thresholds": ["p99 < 200ms", "errors < 1%"] }""";
        SpecJson.Parsed p = SpecJson.parse(body);
        assertThat(p.problems()).isEmpty();
        SessionSpec s = p.spec();
        assertThat(s.name()).isEqualTo("checkout-spike");
        assertThat(s.order()).isEqualTo(Order.RANDOM);
        assertThat(s.stages()).containsExactly(new Stage(Duration.ofSeconds(30), 1000), new Stage(Duration.ofMinutes(1), 5000));
        assertThat(s.rps()).isNull();
        assertThat(s.requests()).isEqualTo(100_000L);
        assertThat(s.openModel()).isTrue();
    }

    @Test
    void urlsFileBecomesTargets() {
        SpecJson.Parsed p = SpecJson.parse("{\"urlsFile\": \"H=127.0.0.1:9\\nhttp://$(H)/a\\n$(H)/b POST x=1\", \"users\": 5,"
                + " \"delay\": \"1S\", \"duration\": \"5M\"}");
        assertThat(p.problems()).isEmpty();
        assertThat(p.spec().targets()).extracting(Target::url).containsExactly("http://127.0.0.1:9/a", "http://127.0.0.1:9/b");
        assertThat(p.spec().delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.spec().duration()).isEqualTo(Duration.ofMinutes(5));
    }

    static Stream<SessionSpec> specs() {
        Target post = new Target("https://api.example.com:8443/orders?x=1", "POST",
                Map.of("Content-Type", "application/json", "X-Trace", "a b"), "{\"id\": 1, \"note\": \"<&>\"}");
        return Stream.of(
                new SessionSpec(null, List.of(Target.get("http://127.0.0.1:9000/")), null, null, 5000.0, null, null,
                        null, false, null, null, null, null, null, null),
                new SessionSpec("mix", List.of(post, Target.get("http://h/")), null, Order.RANDOM, 12.5, null, null,
                        null, false, 64, 1_000_000L, Duration.ofMillis(90_500), Duration.ofMillis(250),
                        EngineKind.NATIVE, List.of("p99 < 200ms", "errors < 1%")),
                new SessionSpec("abort", List.of(Target.get("http://h/")), null, null, 100.0, null, null, null, false,
                        null, null, Duration.ofMinutes(1), null, null, List.of("service.p99 < 50ms", "rps > 90/s"))
                        .withAbort(true, Duration.ofSeconds(5)),
                new SessionSpec("abort-now", List.of(Target.get("http://h/")), null, null, 100.0, null, null, null,
                        false, null, null, null, null, null, List.of("failures == 0")).withAbort(true, null),
                new SessionSpec("ramp", List.of(Target.get("http://h/")), null, null, null,
                        List.of(new Stage(Duration.ofSeconds(30), 100), new Stage(Duration.ofMinutes(1), 0.5),
                                new Stage(Duration.ofMillis(1500), 0)), null, null, false, null, null, null, null, null, null),
                new SessionSpec("siege-like", List.of(Target.get("http://h/")), null, null, null, null, 25,
                        Duration.ofSeconds(2), false, null, 500L, Duration.ofHours(1), null, EngineKind.SIEGE, null),
                new SessionSpec(null, List.of(Target.get("http://h/")), null, null, null, null, 8,
                        null, true, null, null, null, null, null, List.of("availability > 99.9")),
                new SessionSpec(null, List.of(new Target("http://h:1/a", "PUT", Map.of("Content-Type",
                        UrlFileParser.FORM_CONTENT_TYPE), "a=1")), "http://h:1/a PUT a=1", null, 3.0, null, null, null,
                        false, null, null, null, null, null, null));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void roundTrips(SessionSpec spec) {
        assertThat(SpecValidator.validate(spec)).isEmpty();
        String json = SpecJson.toJson(spec);
        SpecJson.Parsed back = SpecJson.parse(json);
        assertThat(back.problems()).as(json).isEmpty();
        assertThat(back.spec()).isEqualTo(spec);
        assertThat(SpecJson.toJson(back.spec())).isEqualTo(json);
        assertThat(SpecJson.parse(SpecJson.toPrettyJson(spec)).spec()).isEqualTo(spec);
    }

    @Test
    void aWarmUpIsReadWrittenAndRoundedUpToWholeSeconds() {
        SpecJson.Parsed p = SpecJson.parse("{" + T + ", \"rps\": 100, \"duration\": \"30s\", \"warmup\": \"2.5s\"}");
        assertThat(p.problems()).isEmpty();
        assertThat(p.spec().warmup()).isEqualTo(Duration.ofMillis(2500));
        assertThat(p.spec().warmupSeconds()).isEqualTo(3);
        assertThat(SpecJson.toJson(p.spec())).contains("\"warmup\":\"2.5s\"");
        assertThat(SpecJson.parse(SpecJson.toJson(p.spec())).spec()).isEqualTo(p.spec());
        assertThat(SpecJson.parse("{" + T + ", \"rps\": 100, \"duration\": \"30s\"}").spec().warmupSeconds()).isZero();
    }

    @Test
    void toJsonWritesDurationsAsStringsAndWholeRatesAsIntegers() {
        SessionSpec s = new SessionSpec("n", List.of(Target.get("http://h/")), null, null, 5000.0, null, null, null,
                false, null, null, Duration.ofSeconds(30), Duration.ofMillis(1500), null, null);
        assertThat(SpecJson.toJson(s)).isEqualTo("{\"name\":\"n\",\"targets\":[{\"url\":\"http://h/\",\"method\":\"GET\","
                + "\"headers\":{}}],\"order\":\"sequential\",\"rps\":5000,\"duration\":\"30s\",\"timeout\":\"1.5s\","
                + "\"engine\":\"native\"}");
    }

    @Test
    void siegeHttpBehaviourFieldsDefaultOnAndRoundTrip() {
        SpecJson.Parsed d = SpecJson.parse("{\"targets\": [{\"url\": \"http://h/\"}], \"users\": 1}");
        assertThat(d.spec().http()).isEqualTo(HttpOptions.DEFAULT);
        assertThat(SpecJson.toJson(d.spec())).doesNotContain("follow", "cookies", "gzip", "failures");
        SpecJson.Parsed p = SpecJson.parse("{\"targets\": [{\"url\": \"http://h/\"}], \"users\": 1,"
                + " \"follow\": false, \"cookies\": false, \"gzip\": false, \"failures\": 5}");
        assertThat(p.problems()).isEmpty();
        assertThat(p.spec().http()).isEqualTo(new HttpOptions(false, false, false, 5));
        assertThat(SpecJson.parse(SpecJson.toJson(p.spec())).spec()).isEqualTo(p.spec());
        SpecJson.Parsed bad = SpecJson.parse("{\"targets\": [{\"url\": \"http://h/\"}], \"users\": 1, \"failures\": 0}");
        assertThat(bad.problems()).anySatisfy(pr -> assertThat(pr.field()).isEqualTo("failures"));
    }
}
