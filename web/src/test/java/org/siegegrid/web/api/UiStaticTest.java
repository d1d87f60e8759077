package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin UI's files from the jar: types, CSP, caching, 304, and nothing outside its roots. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UiStaticTest {
    @TempDir
    static Path reports;
    private ApiFixture f;

    @BeforeAll
    void start() {
        f = new ApiFixture(reports, "t0ken-ui", 10_000, List.of("127.0.0.1"), "a");
    }

    @AfterAll
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void thePageAndItsModulesWithCspAndRevalidation() throws Exception {
        ApiFixture.Resp page = f.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'", "script-src 'self'",
                "style-src 'self'", "connect-src 'self'").doesNotContain("unsafe-inline", "http:", "https:", "*");
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app.js\">").doesNotContain("<style", "style=", "onclick");
        String etag = page.header("ETag");
        assertThat(etag).startsWith("\"");

        var again = f.http.send(HttpRequest.newBuilder(java.net.URI.create(f.api.url())).header("If-None-Match", etag).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);

        for (String m : List.of("app.js", "api.js", "live.js", "dom.js", "cluster.js", "sessions.js", "session.js", "charts.js", "report.js", "events.js")) {
            ApiFixture.Resp js = f.get("/ui/" + m);
            assertThat(js.status()).as(m).isEqualTo(200);
            assertThat(js.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
            assertThat(js.body()).as(m + ": no HTML from strings").doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "eval(");
        }
        assertThat(f.get("/ui/app.css").header("Content-Type")).isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void uplotFromItsWebJarCachedLonger() {
        ApiFixture.Resp js = f.get("/ui/vendor/uplot/uPlot.esm.js");
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("Content-Type")).startsWith("text/javascript");
        assertThat(js.header("Cache-Control")).isEqualTo("public, max-age=86400");
        assertThat(js.body()).contains("export { uPlot as default }");
        assertThat(f.get("/ui/vendor/uplot/uPlot.min.css").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ui/nope.js", "/ui/../config/siegegrid.properties", "/ui/vendor/uplot/../package.json",
            "/ui/vendor/uplot/uPlot.d.ts", "/ui/index.html.bak", "/ui//app.js"})
    void nothingElseIsServed(String path) {
        ApiFixture.Resp r = f.get(path);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error().get("code").getAsString()).isEqualTo("not_found");
    }
}
