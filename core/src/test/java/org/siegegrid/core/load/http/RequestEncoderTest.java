package org.siegegrid.core.load.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.siegegrid.core.session.Target;

@Timeout(10)
class RequestEncoderTest {

    private static String encode(Target t) {
        EncodedRequest r = RequestEncoder.encode(t, RequestEncoder.origin(t.url()));
        return r.duplicate().toString(StandardCharsets.UTF_8);
    }

    @Test
    void getIsMinimalAndExact() {
        assertThat(encode(Target.get("http://127.0.0.1:8080/a/b?x=1&y=%20")))
                .isEqualTo("GET /a/b?x=1&y=%20 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: SiegeGrid/0.1\r\n"
                        + "Accept: */*\r\n\r\n");
    }

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1/, 127.0.0.1, 80, false",
        "http://127.0.0.1, 127.0.0.1, 80, false",
        "https://127.0.0.1/, 127.0.0.1, 443, true",
        "https://127.0.0.1:8443/x, 127.0.0.1:8443, 8443, true",
        "http://[::1]:9000/, [::1]:9000, 9000, false",
    })
    void hostHeaderAndOrigin(String url, String host, int port, boolean tls) {
        Origin o = RequestEncoder.origin(url);
        assertThat(o.port()).isEqualTo(port);
        assertThat(o.tls()).isEqualTo(tls);
        assertThat(o.hostHeader()).isEqualTo(host);
        assertThat(o.address()).isNotNull();
        assertThat(encode(Target.get(url))).contains("Host: " + host + "\r\n").startsWith("GET /");
    }

    @Test
    void postCarriesItsBodyWithSiegesDefaultContentType() {
        String s = encode(new Target("http://127.0.0.1:1/login", "post", Map.of(), "user=a&pass=é"));
        assertThat(s).startsWith("POST /login HTTP/1.1\r\n")
                .contains("Content-Type: application/x-www-form-urlencoded\r\n")
                .contains("Content-Length: 14\r\n")
                .endsWith("\r\n\r\nuser=a&pass=é");
    }

    @Test
    void userHeadersWinAndBodylessPutSaysZero() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "example.test");
        h.put("User-Agent", "siege");
        h.put("Content-Type", "application/json");
        h.put("Content-Length", "999");
        String s = encode(new Target("http://127.0.0.1:1/", "PUT", h, null));
        assertThat(s).doesNotContain("SiegeGrid/0.1").doesNotContain("127.0.0.1").doesNotContain("999")
                .contains("host: example.test\r\n").contains("User-Agent: siege\r\n")
                .contains("Content-Length: 0\r\n");
    }

    @Test
    void headHasNoBodyToExpect() {
        Target t = new Target("http://127.0.0.1:1/", "HEAD", Map.of(), null);
        assertThat(RequestEncoder.encode(t, RequestEncoder.origin(t.url())).head).isTrue();
    }

    @Test
    void unsendableUrlsAreRejected() {
        assertThatThrownBy(() -> RequestEncoder.origin("ftp://127.0.0.1/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestEncoder.origin("http:///nohost")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestEncoder.origin("http://127.0.0.1/a b")).isInstanceOf(IllegalArgumentException.class);
    }
}
