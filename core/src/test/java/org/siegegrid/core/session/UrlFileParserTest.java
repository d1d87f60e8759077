package org.siegegrid.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class UrlFileParserTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Map<String, String> ENV = Map.of("TARGET_HOST", "10.0.0.9", "PORT", "8080", "HOST", "from-env");

    @TempDir
    Path dir;

    static Stream<Arguments> goodLines() {
        return Stream.of(
                Arguments.of("http://127.0.0.1:9000/", "http://127.0.0.1:9000/", "GET", null, null),
                Arguments.of("https://example.com/a?b=c", "https://example.com/a?b=c", "GET", null, null),
                Arguments.of("HTTP://Example.com/x", "http://Example.com/x", "GET", null, null),
                Arguments.of("127.0.0.1:9000/x", "http://127.0.0.1:9000/x", "GET", null, null),
                Arguments.of("localhost", "http://localhost/", "GET", null, null),
                Arguments.of("www.example.com/index.html", "http://www.example.com/index.html", "GET", null, null),
                Arguments.of("  http://h/indented  ", "http://h/indented", "GET", null, null),
                Arguments.of("http://h/page#frag", "http://h/page", "GET", null, null),
                Arguments.of("http://h/a # trailing comment", "http://h/a", "GET", null, null),
                Arguments.of("http://h/a\t# tab comment", "http://h/a", "GET", null, null),
                Arguments.of("http://h/sp{a}|b", "http://h/sp%7Ba%7D%7Cb", "GET", null, null),
                Arguments.of("http://h/caf\u00e9", "http://h/caf%C3%A9", "GET", null, null),
                Arguments.of("http://h/ok%20x", "http://h/ok%20x", "GET", null, null),
                Arguments.of("http://h/100%", "http://h/100%25", "GET", null, null),
                Arguments.of("http://h/login POST user=a&pass=b", "http://h/login", "POST", "user=a&pass=b", FORM),
                Arguments.of("http://h/login post user=a", "http://h/login", "POST", "user=a", FORM),
                Arguments.of("http://h/j POST {\"a\": 1, \"b\": [2, 3]}", "http://h/j", "POST", "{\"a\": 1, \"b\": [2, 3]}", FORM),
                Arguments.of("http://h/i PUT name=x y", "http://h/i", "PUT", "name=x y", FORM),
                Arguments.of("http://h/i PATCH a=1", "http://h/i", "PATCH", "a=1", FORM),
                Arguments.of("http://h/i DELETE", "http://h/i", "DELETE", null, null),
                Arguments.of("http://h/i HEAD", "http://h/i", "HEAD", null, null),
                Arguments.of("http://h/i POST", "http://h/i", "POST", null, null),
                Arguments.of("http://$(TARGET_HOST):${PORT}/p", "http://10.0.0.9:8080/p", "GET", null, null),
                Arguments.of("http://$TARGET_HOST:$PORT/p", "http://10.0.0.9:8080/p", "GET", null, null),
                Arguments.of("http://h/p POST a=$-b&x=$", "http://h/p", "POST", "a=$-b&x=$", FORM));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("goodLines")
    void parsesGoodLines(String line, String url, String method, String body, String contentType) throws Exception {
        List<Target> targets = UrlFileParser.parse(line, "urls.txt", dir, ENV);
        assertThat(targets).hasSize(1);
        Target t = targets.get(0);
        assertThat(t.url()).isEqualTo(url);
        assertThat(t.method()).isEqualTo(method);
        assertThat(t.body()).isEqualTo(body);
        assertThat(t.headers().get("Content-Type")).isEqualTo(contentType);
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("http://h/ FOO", "not a URL line: \"http://h/ FOO\" (a line is URL [METHOD [data]], and FOO is no method"),
                Arguments.of("http://h/ GETT x", "GETT is no method"),
                // the issue's line: it said "unknown method a"
                Arguments.of("not a url", "not a URL line: \"not a url\""),
                Arguments.of("http://h/ GET body", "GET takes no body"),
                Arguments.of("http://h/ HEAD x", "HEAD takes no body"),
                Arguments.of("ftp://h/file", "unsupported scheme ftp"),
                Arguments.of("gopher://h/", "unsupported scheme gopher"),
                Arguments.of("http:///nohost", "no host"),
                Arguments.of("http://h:99999/", "port 99999"),
                Arguments.of("http://h:abc/", "no host (or a bad port)"),
                Arguments.of("1http://h/", "bad scheme"),
                Arguments.of("http://$(NOPE)/", "undefined variable NOPE"),
                Arguments.of("http://${NOPE}/", "undefined variable NOPE"),
                Arguments.of("http://$NOPE/", "undefined variable NOPE"),
                Arguments.of("http://${HOST/", "unclosed ${"),
                Arguments.of("http://$(a-b)/", "bad variable name \"a-b\""),
                Arguments.of("=value", "variable without a name"),
                Arguments.of("HOST = x", "without spaces before the ="),
                Arguments.of("http://h/ POST <", "missing file name after <"),
                Arguments.of("http://h/ POST < missing.json", "cannot read body file missing.json: no such file"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("badLines")
    void reportsBadLinesWithFileAndLine(String line, String message) {
        String text = "# header comment\n\nhttp://ok/\n" + line + "\nhttp://ok/again\n";
        UrlFileException e = catchThrowableOfType(UrlFileException.class,
                () -> UrlFileParser.parse(text, "urls.txt", dir, Map.of()));
        assertThat(e).isNotNull();
        assertThat(e.errors()).hasSize(1);
        assertThat(e.file()).isEqualTo("urls.txt");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.getMessage()).startsWith("urls.txt:4: ").contains(message);
    }

    @Test
    void reportsEveryBadLineAtOnce() {
        String text = "http://a/ FOO\nhttp://b/\r\nftp://c/\n\nhttp://$(X)/\n";
        UrlFileException e = catchThrowableOfType(UrlFileException.class,
                () -> UrlFileParser.parse(text, "u.txt", dir, Map.of()));
        assertThat(e.errors()).extracting(UrlFileException.LineError::line).containsExactly(1, 3, 5);
        assertThat(e.getMessage()).isEqualTo("u.txt:1: not a URL line: \"http://a/ FOO\" (a line is URL [METHOD [data]], and FOO is no method: use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS)\n"
                + "u.txt:3: unsupported scheme ftp in ftp://c/ (http and https only)\n"
                + "u.txt:5: undefined variable X");
    }

    @Test
    void variablesExpandEnvironmentAndEarlierVariablesFileWins() throws Exception {
        String text = String.join("\n",
                "# siege's documented form",
                "HOST=127.0.0.1:9000 # trailing comment on a variable line",
                "BASE=http://$(HOST)/api",
                "http://${HOST}/a",
                "$(BASE)/b POST id=$(PORT)",
                "HOST=other:1",
                "http://$HOST/c");
        List<Target> t = UrlFileParser.parse(text, "urls.txt", dir, ENV);
        assertThat(t).extracting(Target::url)
                .containsExactly("http://127.0.0.1:9000/a", "http://127.0.0.1:9000/api/b", "http://other:1/c");
        assertThat(t.get(1).body()).isEqualTo("id=8080");
    }

    @Test
    void fileBodiesAreReadRelativeToTheUrlFileWithContentTypeByExtension() throws IOException, UrlFileException {
        Files.writeString(dir.resolve("order.json"), "{\"id\": 1}\n");
        Files.writeString(dir.resolve("form"), "  a=1&b=2 \n");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/note.txt"), "\nhello\n\n");
        Path abs = dir.resolve("abs.xml");
        Files.writeString(abs, "<x/>\n");
        Path urls = dir.resolve("urls.txt");
        Files.writeString(urls, String.join("\n",
                "http://h/order POST < order.json",
                "http://h/form PUT <form",
                "http://h/note PATCH < sub/note.txt",
                "http://h/abs POST < " + abs,
                "FILE=order.json",
                "http://h/var POST < $(FILE)"));
        List<Target> t = UrlFileParser.parseFile(urls, Map.of());
        // siege keeps non-"ascii" types as they are (json) and trims text types
        assertThat(t.get(0).body()).isEqualTo("{\"id\": 1}\n");
        assertThat(t.get(0).headers()).containsEntry("Content-Type", "application/json");
        assertThat(t.get(1).body()).isEqualTo("a=1&b=2");
        assertThat(t.get(1).headers()).containsEntry("Content-Type", FORM);
        assertThat(t.get(2).body()).isEqualTo("hello");
        assertThat(t.get(2).headers()).containsEntry("Content-Type", "text/plain");
        assertThat(t.get(3).headers()).containsEntry("Content-Type", "text/xml");
        assertThat(t.get(4).method()).isEqualTo("POST");
        assertThat(t.get(4).body()).isEqualTo("{\"id\": 1}\n");
    }

    @Test
    void withoutABaseDirectoryFileBodiesAreRefused() {
        UrlFileException e = catchThrowableOfType(UrlFileException.class,
                () -> UrlFileParser.parse("http://h/ POST < /etc/passwd", "urlsFile", null, Map.of()));
        assertThat(e.getMessage()).isEqualTo("urlsFile:1: file bodies (< /etc/passwd) are not allowed here");
    }

    @Test
    void missingUrlFileIsAnErrorNamingIt() {
        UrlFileException e = catchThrowableOfType(UrlFileException.class,
                () -> UrlFileParser.parseFile(dir.resolve("nope.txt"), Map.of()));
        assertThat(e.line()).isZero();
        assertThat(e.getMessage()).endsWith("nope.txt: cannot read the URL file: no such file");
    }

    @Test
    void commentsAndBlankLinesOnlyGiveNoTargets() throws UrlFileException {
        assertThat(UrlFileParser.parse("# a\n\n   # b\n\t\n", "urls.txt", dir, Map.of())).isEmpty();
        assertThat(UrlFileParser.parse("", "urls.txt", dir, Map.of())).isEmpty();
    }

    @Test
    void siegesOwnSampleFileParses() throws UrlFileException {
        // the URL forms from siege's shipped urls.txt comments
        String text = String.join("\n",
                "http://www.whoohoo.com/index.html",
                "http://www/index.html",
                "www/index.html",
                "http://www.whoohoo.com/cgi-bin/howto/display.cgi?1013",
                "http://www.whoohoo.com/cgi-bin/haha.cgi POST ha=1&ho=2");
        List<Target> t = UrlFileParser.parse(text, "urls.txt", dir, Map.of());
        assertThat(t).extracting(Target::url).containsExactly("http://www.whoohoo.com/index.html",
                "http://www/index.html", "http://www/index.html",
                "http://www.whoohoo.com/cgi-bin/howto/display.cgi?1013", "http://www.whoohoo.com/cgi-bin/haha.cgi");
        assertThat(t.get(4).body()).isEqualTo("ha=1&ho=2");
    }
}
