package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.siegegrid.core.session.Problem;

/** {@code api.auth} and {@code api.redact.headers}: defaults, precedence, and one problem per bad value. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ApiAccessSettingsTest {

    @Test
    void defaultsReadsOpenAndOnlyTheBuiltInHeaders() {
        List<Problem> problems = new ArrayList<>();
        ApiAccess a = new SettingsLoader().apiAccess(problems);
        assertThat(problems).isEmpty();
        assertThat(a.auth()).isEqualTo(ApiAccess.Auth.CHANGES);
        assertThat(a.redaction().extra()).isEmpty();
        assertThat(a.redaction().secret("Authorization")).isTrue();
        assertThat(SettingsLoader.keys()).contains("api.auth", "api.redact.headers");
        assertThat(SettingsLoader.envName("api.redact.headers")).isEqualTo("SIEGEGRID_API_REDACT_HEADERS");
    }

    @Test
    void flagBeatsEnvAndExtraNamesAddToTheDefaults() {
        List<Problem> problems = new ArrayList<>();
        ApiAccess a = new SettingsLoader()
                .env(Map.of("SIEGEGRID_API_AUTH", "changes", "SIEGEGRID_API_REDACT_HEADERS", "X-Tenant, x-Signature ,"))
                .flag("api.auth", "ALL")
                .apiAccess(problems);
        assertThat(problems).isEmpty();
        assertThat(a.auth()).isEqualTo(ApiAccess.Auth.ALL);
        assertThat(a.redaction().extra()).containsExactly("x-signature", "x-tenant");
        assertThat(a.redaction().secret("X-TENANT")).isTrue();
        assertThat(a.redaction().secret("Cookie")).as("the defaults stay").isTrue();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "api.auth|everything|api.auth (--api-auth): must be 'changes' (only changes need api.token) or 'all' (reads too), got 'everything'",
            "api.auth|''|api.auth (--api-auth): must be 'changes' (only changes need api.token) or 'all' (reads too), got ''",
            "api.redact.headers|X-Ok,Bad Name|api.redact.headers (--api-redact-headers): not a valid header name: \"Bad Name\""})
    void aBadValueIsOneProblemNamingTheSetting(String key, String value, String line) {
        List<Problem> problems = new ArrayList<>();
        new SettingsLoader().flag(key, value).apiAccess(problems);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).toString()).isEqualTo(line);
    }

    @Test
    void aBadValueFromTheEnvironmentNamesTheVariable() {
        List<Problem> problems = new ArrayList<>();
        new SettingsLoader().env(Map.of("SIEGEGRID_API_AUTH", "reads")).apiAccess(problems);
        assertThat(problems).extracting(Problem::toString).containsExactly("api.auth (SIEGEGRID_API_AUTH): must be"
                + " 'changes' (only changes need api.token) or 'all' (reads too), got 'reads'");
    }
}
