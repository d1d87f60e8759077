package org.siegegrid.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** run --api finds the session it created although the node shows the spec's secret headers redacted. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RemoteCreateMatchTest {
    private static final String SENT = "{\"targets\":[{\"url\":\"http://h/\",\"method\":\"GET\",\"headers\":"
            + "{\"Authorization\":\"Bearer s\",\"X-A\":\"1\"}}],\"rps\":5}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "as sent|{'Authorization':'Bearer s','X-A':'1'}|5|true",
            "secret redacted|{'Authorization':'<redacted>','X-A':'1'}|5|true",
            "both redacted (an added name)|{'Authorization':'<redacted>','X-A':'<redacted>'}|5|true",
            "another value|{'Authorization':'<redacted>','X-A':'2'}|5|false",
            "another rate|{'Authorization':'<redacted>','X-A':'1'}|6|false",
            "a header missing|{'Authorization':'<redacted>'}|5|false",
            "a header more|{'Authorization':'<redacted>','X-A':'1','X-B':'<redacted>'}|5|false"})
    void matches(String name, String headers, int rps, boolean same) {
        String shown = "{\"targets\":[{\"url\":\"http://h/\",\"method\":\"GET\",\"headers\":" + headers.replace('\'', '"')
                + "}],\"rps\":" + rps + "}";
        assertThat(RemoteCreate.sameSpec(JsonParser.parseString(SENT), JsonParser.parseString(shown))).isEqualTo(same);
    }
}
