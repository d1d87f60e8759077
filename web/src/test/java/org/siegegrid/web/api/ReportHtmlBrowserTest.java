package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;

/**
 * The report's HTML page (?format=html and the file in the reports dir) of a real finished session on two
 * nodes against the sink, opened in headless Chromium: its SVG charts render, nothing but the page itself is
 * requested, and the session's name is text, not markup. Screenshot: target/ui-screenshots/report-html.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReportHtmlBrowserTest {
    private static final String NAME = "<img src=x onerror=alert(1)>";
    @TempDir
    static Path reports;
    private ApiFixture f;
    private String id;

    @BeforeAll
    void start() {
        String missing = Browser.missing();
        Assumptions.assumeTrue(missing == null, missing);
        f = new ApiFixture(reports, "", 10_000, List.of("127.0.0.1"), "a", "b");
        ApiFixture.Resp r = f.send("POST", "/api/v1/sessions", f.spec("\"name\":\"" + NAME.replace("\"", "\\\"")
                + "\",\"rps\":40,\"duration\":\"4s\",\"thresholds\":[\"p99 < 500ms\",\"errors < 1%\"]"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        id = r.json().get("id").getAsString();
        await().atMost(Duration.ofSeconds(40)).until(() -> f.get("/api/v1/sessions/" + id + "/report").status() == 200);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(reports.resolve(id + ".html")));
    }

    @AfterAll
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void theServedPageRendersItsChartsAndLoadsNothing() throws Exception {
        String url = f.api.url().replaceAll("/$", "") + "/api/v1/sessions/" + id + "/report?format=html";
        assertThat(f.get("/api/v1/sessions/" + id + "/report?format=html").body()).as("served = file")
                .isEqualTo(Files.readString(reports.resolve(id + ".html")));
        try (Browser b = new Browser()) {
            b.open(url);
            rendered(b, url);
            b.screenshotFull("report-html");
        }
    }

    @Test
    void theFileOpensOfflineTheSame() {
        String url = reports.resolve(id + ".html").toUri().toString();
        try (Browser b = new Browser()) {
            b.open(url);
            rendered(b, url);
            b.screenshotFull("report-html-file");
        }
    }

    private void rendered(Browser b, String url) {
        assertThat(b.el("h1").getText()).as("the name is text").contains(NAME);
        assertThat(b.all("img")).as("no element from the name").isEmpty();
        assertThat(b.all("script")).isEmpty();
        List<WebElement> charts = b.all("figure.chart svg");
        assertThat(charts).hasSize(3).allSatisfy(svg -> {
            Rectangle r = svg.getRect();
            assertThat(r.getWidth()).isGreaterThan(400);
            assertThat(r.getHeight()).isGreaterThan(100);
        });
        List<WebElement> lines = b.all("svg polyline");
        assertThat(lines).as("target, achieved, sent; p99; errors").hasSize(5).allSatisfy(l -> {
            assertThat(l.getAttribute("points")).contains(",");
            assertThat(l.getRect().getWidth()).as("drawn across the chart").isGreaterThan(100);
        });
        Number p99Width = (Number) ((JavascriptExecutor) b.driver).executeScript(
                "return document.querySelectorAll('svg polyline')[3].getBBox().width");
        assertThat(p99Width.doubleValue()).isGreaterThan(100);
        assertThat(b.all("svg.shares rect")).as("a node's part of the bar each").hasSize(2);
        assertThat(b.all("table.thresholds td.ok")).hasSize(2);
        // the session's events up to its stop, as the coordinator had them when it wrote the file
        assertThat(b.el("body").getText()).contains("Events", "created", "stopped", "RUNNING -> STOPPING",
                "Transactions", "p99.9");
        List<String> requests = b.requests();
        System.out.println("report page " + url + ": requests " + requests);
        assertThat(requests).as("nothing but the page itself").isNotEmpty()
                .allMatch(u -> u.equals(url) || u.startsWith("data:"));
    }
}
