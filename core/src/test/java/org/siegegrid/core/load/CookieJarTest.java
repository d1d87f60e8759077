package org.siegegrid.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CookieJarTest {
    private static final long NOW = 1_700_000_000_000L;

    @ParameterizedTest(name = "{0} from {1}{2} -> {3}{4}: {5}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "a=1                          | h.test | /x     | h.test | /y     | a=1",
        "a=1                          | h.test | /x     | other  | /y     | null",
        "a=1; Path=/app               | h.test | /      | h.test | /app/p | a=1",
        "a=1; Path=/app               | h.test | /      | h.test | /apple | null",
        "a=1                          | h.test | /d/p   | h.test | /e     | null",
        "a=1; Domain=.h.test          | h.test | /      | w.h.test | /    | a=1",
        "a=1; Domain=other.test       | h.test | /      | other.test | /  | null",
        "a=1; Max-Age=0               | h.test | /      | h.test | /      | null",
        "a=1; Max-Age=60              | h.test | /      | h.test | /      | a=1",
        "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT | h.test | / | h.test | / | null",
        "a=1; Secure                  | h.test | /      | h.test | /      | null",
        "=nameless                    | h.test | /      | h.test | /      | null",
    })
    void storedAndSentBack(String setCookie, String host, String path, String toHost, String toPath, String expected) {
        CookieJar j = new CookieJar();
        j.store(host, path, setCookie, NOW);
        assertThat(j.header(toHost, toPath, false, NOW)).isEqualTo(expected);
    }

    @Test
    void aLaterSetCookieReplacesAndMaxAgeZeroDeletes() {
        CookieJar j = new CookieJar();
        j.store("h", "/", "a=1", NOW);
        j.store("h", "/", "b=2", NOW);
        j.store("h", "/", "a=3", NOW);
        assertThat(j.header("h", "/", false, NOW)).isEqualTo("b=2; a=3");
        j.store("h", "/", "a=; Max-Age=0", NOW);
        assertThat(j.header("h", "/", false, NOW)).isEqualTo("b=2");
        assertThat(j.size()).isEqualTo(1);
    }

    @Test
    void maxAgeRunsOutWithTheClock() {
        CookieJar j = new CookieJar();
        j.store("h", "/", "a=1; Max-Age=10", NOW);
        assertThat(j.header("h", "/", false, NOW + 9_999)).isEqualTo("a=1");
        assertThat(j.header("h", "/", false, NOW + 10_000)).isNull();
        assertThat(j.isEmpty()).isTrue();
    }

    @Test
    void secureOnlyOverTls() {
        CookieJar j = new CookieJar();
        j.store("h", "/", "s=1; Secure; HttpOnly", NOW);
        assertThat(j.header("h", "/", true, NOW)).isEqualTo("s=1");
    }
}
