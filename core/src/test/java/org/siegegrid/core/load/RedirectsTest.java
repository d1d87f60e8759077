package org.siegegrid.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.siegegrid.core.session.Target;

class RedirectsTest {
    @ParameterizedTest(name = "{1} from {0} -> {2}")
    @CsvSource(nullValues = "null", value = {
        "http://h:8080/a/b?q=1, /end,              http://h:8080/end",
        "http://h:8080/a/b,     c,                 http://h:8080/a/c",
        "http://h:8080/a/b,     ../x?y=1#frag,     http://h:8080/x?y=1",
        "http://h/a,            https://o:9443/z,  https://o:9443/z",
        "http://h/a,            //o/z,             http://o/z",
        "http://h/a,            http://o,          http://o/",
        "http://h/a,            ftp://o/z,         null",
        "http://h/a,            '',                null",
    })
    void resolve(String base, String location, String expected) {
        assertThat(Redirects.resolve(base, location)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "POST, 301, GET", "POST, 302, GET", "POST, 303, GET", "POST, 307, POST", "POST, 308, POST",
        "PUT, 302, PUT", "PUT, 303, GET", "HEAD, 303, HEAD", "GET, 301, GET",
    })
    void methodAfterRedirect(String method, int status, String expected) {
        Target from = new Target("http://h/a", method, Map.of("Content-Type", "text/plain", "X", "1"), "body");
        Target to = Redirects.follow(from, status, "http://h/b");
        assertThat(to.method()).isEqualTo(expected);
        assertThat(to.url()).isEqualTo("http://h/b");
        assertThat(to.headers()).containsEntry("X", "1");
        if (expected.equals("GET") && !method.equals("GET")) {
            assertThat(to.body()).isNull();
            assertThat(to.headers()).doesNotContainKey("Content-Type");
        } else {
            assertThat(to.body()).isEqualTo("body");
        }
    }

    @Test
    void credentialsStayWithTheirHost() {
        Target from = new Target("http://h/a", "GET", Map.of("Authorization", "Basic eDp5", "Cookie", "a=1"), null);
        assertThat(Redirects.follow(from, 302, "http://h/b").headers()).containsKeys("Authorization", "Cookie");
        assertThat(Redirects.follow(from, 302, "http://o/b").headers()).isEmpty();
        assertThat(Redirects.isRedirect(304)).isFalse();
        assertThat(Redirects.isRedirect(308)).isTrue();
    }
}
