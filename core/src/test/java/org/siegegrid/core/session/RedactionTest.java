package org.siegegrid.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RedactionTest {
    private static final Redaction EXTRA = Redaction.with(List.of("X-Tenant", " x-signature ", ""));

    @ParameterizedTest(name = "{0}: default {1}, with X-Tenant,X-Signature {2}")
    @CsvSource(delimiter = '|', value = {
            "Authorization|true|true", "authorization|true|true", "AUTHORIZATION|true|true",
            "Proxy-Authorization|true|true", "Cookie|true|true", "cookie|true|true", "Set-Cookie|true|true",
            "X-Auth-Token|true|true", "x-csrf-token|true|true", "X-API-KEY|true|true", "Api-Key|true|true",
            "X-Goog-Api-Key|true|true",
            // the suffix needs its dash: a name that merely ends in the letters is not one
            "Token|false|false", "Key|false|false", "Monkey|false|false", "XToken|false|false",
            "X-Token-Id|false|false", "X-Keys|false|false",
            "X-Tenant|false|true", "x-tenant|false|true", "X-Signature|false|true",
            "Accept|false|false", "Content-Type|false|false", "User-Agent|false|false", "Host|false|false",
            "Cookie2|false|false", "Authorization-Hint|false|false"})
    void whichNamesAreSecret(String name, boolean byDefault, boolean withExtra) {
        assertThat(Redaction.DEFAULT.secret(name)).isEqualTo(byDefault);
        assertThat(EXTRA.secret(name)).isEqualTo(withExtra);
        assertThat(Redaction.NONE.secret(name)).isFalse();
    }

    @Test
    void valuesAreReplacedNamesKeptOthersUntouched() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer abc");
        h.put("Cookie", "sid=1");
        h.put("X-Api-Key", "k");
        h.put("Accept", "text/html");
        Map<String, String> r = Redaction.DEFAULT.headers(h);
        assertThat(r).containsExactly(Map.entry("Authorization", Redaction.MARKER), Map.entry("Cookie", Redaction.MARKER),
                Map.entry("X-Api-Key", Redaction.MARKER), Map.entry("Accept", "text/html"));
        assertThat(h).containsEntry("Authorization", "Bearer abc");
        assertThat(Redaction.NONE.headers(h)).isSameAs(h);
        Map<String, String> plain = Map.of("Accept", "*/*");
        assertThat(Redaction.DEFAULT.headers(plain)).isSameAs(plain);
    }

    @Test
    void specKeepsEverythingButTheSecretValues() {
        Target secret = new Target("http://127.0.0.1:9/a", "POST", Map.of("Authorization", "Bearer s", "X-A", "1"), "{}");
        Target plain = Target.get("http://127.0.0.1:9/b");
        SessionSpec s = SpecJson.parse("{\"name\":\"n\",\"rps\":5,\"duration\":\"1m\",\"thresholds\":[\"p99 < 1s\"],"
                + "\"targets\":[{\"url\":\"http://127.0.0.1:9/\"}]}").spec();
        s = new SessionSpec(s.name(), List.of(secret, plain), null, s.order(), s.rps(), s.stages(), s.users(), s.delay(),
                s.benchmark(), s.concurrency(), s.requests(), s.duration(), s.timeout(), s.engine(), s.thresholds());
        SessionSpec r = Redaction.DEFAULT.spec(s);
        assertThat(r.targets().get(0).headers()).containsOnly(Map.entry("Authorization", Redaction.MARKER),
                Map.entry("X-A", "1"));
        assertThat(r.targets().get(0).body()).isEqualTo("{}");
        assertThat(r.targets().get(1)).isSameAs(plain);
        SessionSpec back = new SessionSpec(r.name(), s.targets(), r.urlsFile(), r.order(), r.rps(), r.stages(), r.users(),
                r.delay(), r.benchmark(), r.concurrency(), r.requests(), r.duration(), r.timeout(), r.engine(), r.thresholds());
        assertThat(back).as("nothing but the targets changed").isEqualTo(s);
        assertThat(Redaction.DEFAULT.spec(r)).as("idempotent").isEqualTo(r);
        assertThat(Redaction.NONE.spec(s)).isSameAs(s);
        assertThat(SpecJson.toJson(r)).doesNotContain("Bearer s").contains("\"Authorization\":\"<redacted>\"");
    }

    @Test
    void aTargetPrintsNoHeaderValueAndNoBody() {
        Target t = new Target("http://127.0.0.1:9/", "POST", Map.of("Cookie", "sid=secret1", "X-A", "plain1"), "pw=secret2");
        assertThat(t.toString()).contains("Cookie", "X-A", "http://127.0.0.1:9/", "10 chars")
                .doesNotContain("secret1", "plain1", "secret2");
    }

    @ParameterizedTest(name = "\"{0}\" is not a header name")
    @ValueSource(strings = {"X Tenant", "X-Tenant:", "é", "a/b", ""})
    void badNamesForTheSetting(String name) {
        assertThat(Redaction.problem(name)).contains("not a valid header name");
    }

    @Test
    void extraNamesAreListedLowerCase() {
        assertThat(EXTRA.extra()).containsExactly("x-signature", "x-tenant");
        assertThat(Redaction.with(List.of())).isSameAs(Redaction.DEFAULT);
        assertThat(Redaction.problem("X-Tenant")).isNull();
    }
}
