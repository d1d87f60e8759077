package org.siegegrid.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SpecPatchTest {
    private static final SessionSpec OPEN = new SessionSpec("s", List.of(Target.get("http://h/")), null, null, 100.0,
            null, null, null, false, 10, 5000L, Duration.ofMinutes(5), null, null, List.of("p99 < 1s"));
    private static final SessionSpec RAMP = new SessionSpec("r", List.of(Target.get("http://h/")), null, null, null,
            List.of(new Stage(Duration.ofSeconds(10), 50)), null, null, false, null, null, null, null, null, null);
    private static final SessionSpec CLOSED = new SessionSpec("c", null, "http://h/a\nhttp://h/b", null, null, null, 5,
            Duration.ofSeconds(1), false, null, null, null, null, null, null);

    /** CLOSED with its targets resolved from the URL file, as SpecJson does. */
    private static SessionSpec closed() {
        return SpecJson.parse(SpecJson.toJson(CLOSED)).spec();
    }

    @Test
    void changesUpdatableFields() {
        SpecJson.Parsed p = SpecJson.patch(OPEN, "{\"rps\": 2500, \"requests\": null, \"duration\": \"10m\"}");
        assertThat(p.problems()).isEmpty();
        assertThat(p.spec().rps()).isEqualTo(2500.0);
        assertThat(p.spec().requests()).isNull();
        assertThat(p.spec().duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.spec().name()).isEqualTo("s");
        assertThat(p.spec().thresholds()).containsExactly("p99 < 1s");
    }

    @Test
    void rpsReplacesStagesAndStagesReplaceRps() {
        SpecJson.Parsed toRate = SpecJson.patch(RAMP, "{\"rps\": 7}");
        assertThat(toRate.problems()).isEmpty();
        assertThat(toRate.spec().stages()).isEmpty();
        assertThat(toRate.spec().rps()).isEqualTo(7.0);

        SpecJson.Parsed stillTimed = SpecJson.patch(OPEN, "{\"stages\": [{\"duration\": \"1m\", \"rps\": 9}]}");
        assertThat(stillTimed.problems()).extracting(Problem::field).containsExactly("duration");

        SpecJson.Parsed toRamp = SpecJson.patch(OPEN, "{\"stages\": [{\"duration\": \"1m\", \"rps\": 9}], \"duration\": null}");
        assertThat(toRamp.problems()).isEmpty();
        assertThat(toRamp.spec().rps()).isNull();
        assertThat(toRamp.spec().stages()).containsExactly(new Stage(Duration.ofMinutes(1), 9));
    }

    @Test
    void targetsReplaceAUrlsFile() {
        SpecJson.Parsed p = SpecJson.patch(closed(), "{\"targets\": [{\"url\": \"http://other/\"}], \"users\": 9}");
        assertThat(p.problems()).isEmpty();
        assertThat(p.spec().urlsFile()).isNull();
        assertThat(p.spec().targets()).containsExactly(Target.get("http://other/"));
        assertThat(p.spec().users()).isEqualTo(9);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"name\": \"other\"}|name",
            "{\"name\": null}|name",
            "{\"order\": \"random\"}|order",
            "{\"engine\": \"siege\"}|engine",
            "{\"timeout\": \"5s\"}|timeout",
            "{\"concurrency\": 11}|concurrency",
            "{\"thresholds\": []}|thresholds",
            "{\"urlsFile\": \"http://h/\"}|urlsFile"})
    void otherFieldsCannotChange(String body, String field) {
        SpecJson.Parsed p = SpecJson.patch(OPEN, body);
        assertThat(p.ok()).isFalse();
        assertThat(p.problems()).anySatisfy(pr -> {
            assertThat(pr.field()).isEqualTo(field);
            assertThat(pr.message()).startsWith("field cannot be changed");
        });
    }

    @Test
    void otherFieldsWithTheirCurrentValueAreAccepted() {
        SpecJson.Parsed p = SpecJson.patch(OPEN, "{\"name\": \"s\", \"order\": \"SEQUENTIAL\", \"concurrency\": 10, \"rps\": 1}");
        assertThat(p.problems()).isEmpty();
        assertThat(p.spec().rps()).isEqualTo(1.0);
    }

    @Test
    void theResultIsValidatedLikeANewSpec() {
        SpecJson.Parsed p = SpecJson.patch(OPEN, "{\"users\": 4, \"requests\": -1, \"duration\": 5, \"nope\": 1}");
        assertThat(p.problems()).extracting(Problem::field).containsExactlyInAnyOrder("users", "requests", "duration", "nope");
    }

    @Test
    void brokenPatchBodies() {
        assertThat(SpecJson.patch(OPEN, "{\"rps\": ").problems()).singleElement()
                .satisfies(pr -> assertThat(pr.message()).startsWith("malformed JSON at line 1"));
        assertThat(SpecJson.patch(OPEN, "[]").problems()).singleElement()
                .satisfies(pr -> assertThat(pr.message()).contains("expected a JSON object"));
    }
}
