package org.siegegrid.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SpecValidatorTest {

    private static SessionSpec open(double rps, List<Target> targets) {
        return new SessionSpec(null, targets, null, null, rps, null, null, null, false, null, null, null, null, null, null);
    }

    @Test
    void aMinimalOpenAndClosedSpecAreValid() {
        assertThat(SpecValidator.validate(open(1, List.of(Target.get("http://127.0.0.1:9/"))))).isEmpty();
        SessionSpec closed = new SessionSpec(null, List.of(Target.get("https://h/")), null, null, null, null, 1,
                Duration.ZERO, false, null, null, null, null, EngineKind.SIEGE, null);
        assertThat(SpecValidator.validate(closed)).isEmpty();
    }

    @Test
    void reportsEveryProblemAtOnce() {
        SessionSpec bad = new SessionSpec(" ", List.of(Target.get("http://ok/"), Target.get("mailto:x@y"),
                new Target("http://h:70000/", "G T", Map.of("Bad Name", "v", "X-Ok", "a\r\nInjected: 1"), null)),
                null, null, Double.NaN, List.of(new Stage(Duration.ZERO, -3), new Stage(null, 2e7)), 0,
                Duration.ofSeconds(-1), true, 0, 0L, Duration.ofDays(31), Duration.ZERO, EngineKind.SIEGE,
                List.of("p99 < 200ms", "p99 << 1", "errors < 200%"));
        List<Problem> p = SpecValidator.validate(bad);
        p.forEach(System.out::println);
        assertThat(p).extracting(Problem::field).contains(
                "name", "rps", "stages", "users", "delay", "benchmark", "engine",
                "stages[0].duration", "stages[0].rps", "stages[1].duration", "stages[1].rps",
                "targets[1].url", "targets[2].url", "targets[2].method", "targets[2].headers", "targets[2].headers.X-Ok",
                "concurrency", "requests", "duration", "timeout", "thresholds[1]", "thresholds[2]");
        assertThat(p).extracting(Problem::field).doesNotContain("targets[0].url", "thresholds[0]");
        assertThat(p.size()).isGreaterThanOrEqualTo(22);
    }

    @Test
    void theSiegeEngineRefusesWhatSiegeCannotSend() {
        List<Target> targets = List.of(new Target("http://127.0.0.1:9/a", "GET", Map.of("X-A", "1"), null),
                new Target("http://127.0.0.1:9/b", "HEAD", Map.of("X-A", "1"), null),
                new Target("http://127.0.0.1:9/c", "PATCH", Map.of("X-A", "2"), "x"),
                new Target("http://127.0.0.1:9/d", "POST", Map.of("X-A", "1"), "y"));
        SessionSpec siege = new SessionSpec(null, targets, null, null, null, null, 2, null, true, null, null, null,
                null, EngineKind.SIEGE, null);
        assertThat(SpecValidator.validate(siege)).extracting(Problem::toString).containsExactly(
                "targets[1].method: the siege engine sends GET, POST, PUT, DELETE, OPTIONS (siege's URL file has no"
                        + " HEAD); use engine native",
                "targets[2].method: the siege engine sends GET, POST, PUT, DELETE, OPTIONS (siege's URL file has no"
                        + " PATCH); use engine native",
                "targets[2].headers: the siege engine sends the same headers with every request (siege -H): give"
                        + " every target the headers of the first, or use engine native");
        SessionSpec nativeOne = new SessionSpec(null, targets, null, null, null, null, 2, null, true, null, null, null,
                null, EngineKind.NATIVE, null);
        assertThat(SpecValidator.validate(nativeOne)).isEmpty();
        SessionSpec rate = new SessionSpec(null, List.of(targets.get(0)), null, null, 10.0, null, null, null, false,
                null, null, null, null, EngineKind.SIEGE, null);
        assertThat(SpecValidator.validate(rate)).extracting(Problem::toString).containsExactly(
                "engine: the siege engine runs the closed model only (users); use native for rps/stages");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "http://127.0.0.1:9/, ''", "http://localhost/, ''", "http://api.example.com/, ''",
            "http://a.b.example.com/, ''", "http://example.com/, targets[0].url", "http://10.1.2.3/, ''",
            "http://10.255.0.1/, targets[0].url", "http://[::1]:8080/, ''", "http://evil.com/, targets[0].url",
            "http://127.0.0.1.evil.com/, targets[0].url"})
    void targetsMustBeOnTheAllowList(String url, String field) {
        Limits limits = Limits.DEFAULT.withAllowHosts(
                Limits.parseAllowList("127.0.0.0/8, localhost *.example.com,10.0.0.0/9 ::1"));
        List<Problem> p = SpecValidator.validate(open(10, List.of(Target.get(url))), limits);
        if (field.isEmpty()) {
            assertThat(p).isEmpty();
        } else {
            assertThat(p).singleElement().satisfies(pr -> {
                assertThat(pr.field()).isEqualTo(field);
                assertThat(pr.message()).contains("not in the allowed targets");
            });
        }
    }

    @Test
    void rateCapComesFromTheLimits() {
        Limits small = Limits.DEFAULT.withMaxRps(1000);
        assertThat(SpecValidator.validate(open(1000, List.of(Target.get("http://h/"))), small)).isEmpty();
        assertThat(SpecValidator.validate(open(1000.5, List.of(Target.get("http://h/"))), small))
                .singleElement().satisfies(pr -> assertThat(pr.toString()).isEqualTo("rps: 1000.5 is above the limit of 1000 requests/s"));
    }

    @Test
    void badAllowListPatternsAreRejected() {
        assertThatThrownBy(() -> Limits.parseAllowList("127.0.0.0/33")).hasMessageContaining("127.0.0.0/33");
        assertThatThrownBy(() -> Limits.parseAllowList("a*b.com")).hasMessageContaining("a*b.com");
        assertThat(Limits.parseAllowList(" *, ")).containsExactly("*");
        assertThat(Limits.DEFAULT.allowTarget("http://anything/")).isTrue();
        assertThat(Limits.DEFAULT.withAllowHosts(List.of("h")).allowTarget("not a url")).isFalse();
    }

    @Test
    void stagesFixTheDurationAndMustSendSomething() {
        SessionSpec s = new SessionSpec(null, List.of(Target.get("http://h/")), null, null, null,
                List.of(new Stage(Duration.ofSeconds(5), 0), new Stage(Duration.ofSeconds(5), 0)), null, null, false,
                null, null, Duration.ofSeconds(10), null, null, null);
        assertThat(SpecValidator.validate(s)).extracting(Problem::toString).containsExactly(
                "stages: every stage has rps 0: the session would send nothing",
                "duration: the stages set the duration (10s); leave duration out");
    }
}
