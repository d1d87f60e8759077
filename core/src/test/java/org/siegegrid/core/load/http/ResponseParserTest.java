package org.siegegrid.core.load.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class ResponseParserTest {

    static Stream<Arguments> responses() {
        return Stream.of(
            // name, head request, raw response, status, body bytes, keep-alive
            Arguments.of("content-length", false, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 200, 5, true),
            Arguments.of("no body", false, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 200, 0, true),
            Arguments.of("case and spaces", false, "HTTP/1.1 404 Not Found\r\ncOnTeNt-LeNgTh:   3 \r\nX-A: b\r\n\r\nabc",
                    404, 3, true),
            Arguments.of("chunked", false, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n", 200, 15, true),
            Arguments.of("HEAD ignores the length", true, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", 200, 0, true),
            Arguments.of("204", false, "HTTP/1.1 204 No Content\r\n\r\n", 204, 0, true),
            Arguments.of("304", false, "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", 304, 0, true),
            Arguments.of("connection close", false, "HTTP/1.1 503 Busy\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno",
                    503, 2, false),
            Arguments.of("HTTP/1.0 keep-alive", false, "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx",
                    200, 1, true),
            Arguments.of("HTTP/1.0 default close", false, "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx", 200, 1, false),
            Arguments.of("100 continue first", false, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
                    201, 2, true),
            Arguments.of("LF only", false, "HTTP/1.1 302 Found\nLocation: /x\nContent-Length: 4\n\nmove", 302, 4, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void parsesInOneBuffer(String name, boolean head, String raw, int status, long body, boolean keepAlive) {
        ResponseParser p = new ResponseParser();
        p.begin(head);
        ByteBuf in = buf(raw + "EXTRA");
        assertThat(p.parse(in)).isTrue();
        assertThat(p.status()).isEqualTo(status);
        assertThat(p.bodyBytes()).isEqualTo(body);
        assertThat(p.keepAlive()).isEqualTo(keepAlive);
        assertThat(in.toString(StandardCharsets.ISO_8859_1)).isEqualTo("EXTRA"); // what follows stays unread
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void parsesOneByteAtATime(String name, boolean head, String raw, int status, long body, boolean keepAlive) {
        ResponseParser p = new ResponseParser();
        p.begin(head);
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i++) {
            boolean done = p.parse(Unpooled.wrappedBuffer(bytes, i, 1));
            assertThat(done).as("complete after byte %d of %d", i + 1, bytes.length).isEqualTo(i == bytes.length - 1);
        }
        assertThat(p.status()).isEqualTo(status);
        assertThat(p.bodyBytes()).isEqualTo(body);
        assertThat(p.keepAlive()).isEqualTo(keepAlive);
    }

    @Test
    void bodyWithoutLengthRunsUntilClose() {
        ResponseParser p = new ResponseParser();
        p.begin(false);
        assertThat(p.parse(buf("HTTP/1.1 200 OK\r\n\r\nsome"))).isFalse();
        assertThat(p.parse(buf("more"))).isFalse();
        assertThat(p.completesOnEof()).isTrue();
        assertThat(p.bodyBytes()).isEqualTo(8);
        assertThat(p.keepAlive()).isFalse();
    }

    @Test
    void reusableForTheNextResponse() {
        ResponseParser p = new ResponseParser();
        for (int i = 0; i < 3; i++) {
            p.begin(false);
            assertThat(p.parse(buf("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"))).isTrue();
            assertThat(p.bodyBytes()).isEqualTo(3);
            p.begin(false);
            assertThat(p.parse(buf("HTTP/1.1 500 X\r\nContent-Length: 1\r\n\r\nz"))).isTrue();
            assertThat(p.status()).isEqualTo(500);
        }
    }

    @Test
    void longHeaderLinesAreTolerated() {
        ResponseParser p = new ResponseParser();
        p.begin(false);
        String cookie = "Set-Cookie: " + "c".repeat(10_000) + "\r\n";
        assertThat(p.parse(buf("HTTP/1.1 200 OK\r\n" + cookie + "Content-Length: 2\r\n\r\nok"))).isTrue();
        assertThat(p.bodyBytes()).isEqualTo(2);
    }

    @Test
    void garbageIsRejected() {
        ResponseParser p = new ResponseParser();
        p.begin(false);
        assertThatThrownBy(() -> p.parse(buf("SSH-2.0-OpenSSH_9.2\r\n"))).isInstanceOf(IllegalStateException.class);
        p.begin(false);
        assertThatThrownBy(() -> p.parse(buf("HTTP/1.1 2x0 OK\r\n"))).isInstanceOf(IllegalStateException.class);
        p.begin(false);
        assertThatThrownBy(() -> p.parse(buf("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")))
                .isInstanceOf(IllegalStateException.class);
    }

    private static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void capturesLocationOfARedirectAndEverySetCookieOnlyWhenAsked() {
        String raw = "HTTP/1.1 302 Found\r\nLocation:  /next?x=1 \r\nSet-Cookie: a=1; Path=/\r\n"
                + "set-cookie: b=" + "v".repeat(1000) + "\r\nContent-Length: 0\r\n\r\n";
        ResponseParser off = new ResponseParser();
        off.begin(false);
        assertThat(off.parse(buf(raw))).isTrue();
        assertThat(off.location()).isNull();
        assertThat(off.setCookies()).isNull();

        ResponseParser p = new ResponseParser();
        p.capture(true, true);
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        p.begin(false);
        for (int i = 0; i < bytes.length; i++) {
            boolean done = p.parse(Unpooled.wrappedBuffer(bytes, i, 1));
            assertThat(done).isEqualTo(i == bytes.length - 1);
        }
        assertThat(p.status()).isEqualTo(302);
        assertThat(p.location()).isEqualTo("/next?x=1");
        assertThat(p.setCookies()).containsExactly("a=1; Path=/", "b=" + "v".repeat(1000));
        // the next response starts clean; a Location outside a 3xx is not a redirect
        p.begin(false);
        assertThat(p.parse(buf("HTTP/1.1 200 OK\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n"))).isTrue();
        assertThat(p.location()).isNull();
        assertThat(p.setCookies()).isEmpty();
    }
}
