package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.Select;
import org.siegegrid.core.report.ReportCsv;

/**
 * Finished sessions in the page, against two real nodes and the sink: the report (summary,
 * percentiles, nodes, thresholds, the whole series charted), its downloads landing in the browser's
 * download directory, and the comparison with an earlier run; and a running session's corrected p90
 * and errors-per-second-by-kind charts with the errors threshold. Screenshots in target/ui-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UiReportBrowserTest {
    @TempDir
    static Path reports;
    private ApiFixture f;
    private String earlier;
    private String later;
    private Browser b;

    @BeforeAll
    void start() {
        String missing = Browser.missing();
        Assumptions.assumeTrue(missing == null, missing);
        f = new ApiFixture(reports, "", 10_000, List.of("127.0.0.1"), "a", "b");
        String thresholds = "\"thresholds\":[\"p99 < 500ms\",\"errors < 1%\"]";
        earlier = create(f.spec("\"name\":\"earlier\",\"rps\":20,\"duration\":\"3s\"," + thresholds));
        later = create(f.spec("\"name\":\"later\",\"rps\":40,\"duration\":\"4s\"," + thresholds));
        await().atMost(Duration.ofSeconds(40)).until(() -> f.get("/api/v1/sessions/" + earlier + "/report").status() == 200
                && f.get("/api/v1/sessions/" + later + "/report").status() == 200);
    }

    private String create(String spec) {
        ApiFixture.Resp r = f.send("POST", "/api/v1/sessions", spec);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").getAsString();
    }

    @AfterEach
    void quit() {
        if (b != null) {
            List<LogEntry> console = b.console();
            b.close();
            b = null;
            assertThat(console).as("console errors (a CSP violation shows here)")
                    .noneMatch(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue() && !e.getMessage().contains("favicon")
                            && !UiBrowserTest.noEventLog(e));
        }
    }

    @AfterAll
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private JsonObject report(String id) {
        return f.get("/api/v1/sessions/" + id + "/report").json();
    }

    private static String num(WebElement td) {
        return td.getText().replace(",", "");
    }

    @Test
    @Order(1)
    void theFinishedReportIsInThePage() {
        JsonObject r = report(later);
        b = new Browser();
        b.open(f.api.url() + "#/sessions/" + later);
        WebElement summary = b.el("#report-summary");
        assertThat(summary.findElements(By.cssSelector("tbody tr"))).as("siege's figures and the errors").hasSize(17);
        assertThat(num(b.el("#report-summary tr[data-key='transactions'] td")))
                .isEqualTo(String.valueOf(r.get("transactions").getAsLong()));
        assertThat(b.el("#report-summary tr[data-key='availability'] td").getText()).isEqualTo("100");
        for (String k : List.of("elapsed_time", "data_transferred", "response_time", "transaction_rate", "throughput", "concurrency",
                "successful_transactions", "failed_transactions", "dropped_requests", "unfinished_requests")) {
            assertThat(b.el("#report-summary tr[data-key='" + k + "'] td").getText()).as(k).isNotEqualTo("–");
        }
        List<WebElement> corrected = b.all("#report-percentiles tr[data-type='corrected'] td");
        assertThat(corrected).as("p50 p90 p95 p99 p99.9 max mean").hasSize(7);
        assertThat(num(corrected.get(3))).isEqualTo(fixed(r.getAsJsonObject("latency_ms").getAsJsonObject("corrected").get("p99").getAsDouble()));
        assertThat(b.all("#report-percentiles tr[data-type='service'] td")).hasSize(7);
        assertThat(b.all("#report-percentiles th")).extracting(WebElement::getText).contains("p99.9", "max");

        List<WebElement> nodes = b.all("#report-nodes tbody tr");
        assertThat(nodes).extracting(e -> e.getAttribute("data-node")).containsExactlyInAnyOrder("a", "b");
        long requests = 0;
        for (WebElement n : nodes) {
            requests += Long.parseLong(num(n.findElements(By.tagName("td")).get(2)));
            assertThat(n.findElements(By.tagName("td")).get(1).getText()).endsWith("%");
        }
        assertThat(requests).as("the nodes' requests sum to the run's").isEqualTo(r.get("issued_requests").getAsLong());

        assertThat(b.all("#report-thresholds tbody tr")).extracting(e -> e.getAttribute("data-ok")).containsExactly("true", "true");
        assertThat(b.el("#report-verdict").getText()).isEqualTo("All 2 thresholds passed.");

        int points = r.getAsJsonArray("series").size();
        WebElement rate = b.el("#report-rate-chart");
        assertThat(rate.getAttribute("data-points")).isEqualTo(String.valueOf(points));
        assertThat(rate.getAttribute("data-series")).isEqualTo("2");
        assertThat(b.el("#report-latency-chart").getAttribute("data-points")).isEqualTo(String.valueOf(points));
        assertThat(b.el("#report-csv").getAttribute("href")).endsWith("/api/v1/sessions/" + later + "/report?format=csv");
        assertThat(b.el("#report-html").getAttribute("href")).endsWith("/report?format=html");
        assertThat(b.el("#rate-chart").isDisplayed()).as("opened after the end: only the report's charts").isFalse();
        System.out.println("report in the page: " + points + " seconds, " + requests + " requests");
        ((org.openqa.selenium.JavascriptExecutor) b.driver).executeScript("document.getElementById('report').scrollIntoView()");
        b.screenshot("9-report");
    }

    private static String fixed(double v) {
        return java.math.BigDecimal.valueOf(v).setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    @Test
    @Order(2)
    void theCsvAndJsonDownloadsArriveWithTheirContent() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "ui-downloads")).resolve("report-" + System.nanoTime());
        Files.createDirectories(dir);
        b = new Browser(dir);
        b.open(f.api.url() + "#/sessions/" + earlier);
        b.el("#report-summary");
        b.clickable("#report-csv").click();
        Path csv = dir.resolve(earlier + ".csv");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(csv) && !Files.exists(dir.resolve(earlier + ".csv.crdownload")));
        String got = Files.readString(csv, StandardCharsets.UTF_8);
        assertThat(got).startsWith(ReportCsv.HEADER + "\r\n").isEqualTo(f.get("/api/v1/sessions/" + earlier + "/report?format=csv").body());
        assertThat(got.split("\r\n")).as("a header and a row a second").hasSize(1 + report(earlier).getAsJsonArray("series").size());

        b.clickable("#report-json").click();
        Path json = dir.resolve(earlier + ".json");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(json) && !Files.exists(dir.resolve(earlier + ".json.crdownload")));
        JsonObject downloaded = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
        assertThat(downloaded).isEqualTo(report(earlier));
        System.out.println("downloaded " + Files.size(csv) + " B of CSV, " + Files.size(json) + " B of JSON into " + dir);
    }

    @Test
    @Order(3)
    void comparingWithAnEarlierRunOverlaysItsSeriesAndSetsTheFiguresSideBySide() {
        JsonObject mine = report(later), other = report(earlier);
        b = new Browser();
        b.open(f.api.url() + "#/sessions/" + later);
        WebElement picker = b.el("#compare-select");
        b.wait.until(d -> picker.getAttribute("data-options") != null);
        assertThat(new Select(picker).getOptions()).extracting(e -> e.getAttribute("value")).as("none, and the other finished run")
                .containsExactly("", earlier);
        new Select(picker).selectByValue(earlier);
        WebElement rate = b.el("#report-rate-chart");
        b.wait.until(d -> earlier.equals(rate.getAttribute("data-compare")));
        assertThat(rate.getAttribute("data-series")).as("target, achieved, the other's achieved").isEqualTo("3");
        assertThat(b.el("#report-latency-chart").getAttribute("data-series")).as("p99, the other's p99").isEqualTo("2");
        int longest = Math.max(mine.getAsJsonArray("series").size(), other.getAsJsonArray("series").size());
        assertThat(rate.getAttribute("data-points")).as("aligned by seconds since the start").isEqualTo(String.valueOf(longest));
        assertThat(b.el("#report-rate-chart .u-legend").getText()).contains("achieved (" + earlier + ")");

        List<WebElement> rows = b.all("#compare-rows tr");
        assertThat(rows).hasSize(10);
        List<WebElement> tx = b.el("#compare-rows tr[data-figure='Transactions']").findElements(By.tagName("td"));
        long a = mine.get("transactions").getAsLong(), o = other.get("transactions").getAsLong();
        assertThat(num(tx.get(0))).isEqualTo(String.valueOf(a));
        assertThat(num(tx.get(1))).isEqualTo(String.valueOf(o));
        assertThat(tx.get(2).getText().replace(",", "")).startsWith((a > o ? "+" : "") + (a - o));
        List<WebElement> target = b.el("#compare-rows tr[data-figure='Target rate (rps)']").findElements(By.tagName("td"));
        assertThat(target).extracting(WebElement::getText).containsExactly("40", "20", "+20 (+100%)");
        ((org.openqa.selenium.JavascriptExecutor) b.driver).executeScript("document.getElementById('compare-select').scrollIntoView()");
        b.screenshot("10-compare");
        b.screenshotFull("10-compare-full");

        new Select(picker).selectByValue("");
        b.wait.until(d -> "2".equals(rate.getAttribute("data-series")));
        assertThat(b.el("#compare-table").isDisplayed()).isFalse();
    }

    @Test
    @Order(4)
    void aRunningSessionChartsCorrectedP90AndErrorsPerSecondByKindWithTheErrorsThreshold() {
        // nothing listens on port 1: every request is refused
        ApiFixture.Resp created = f.send("POST", "/api/v1/sessions", "{\"name\":\"refused\",\"targets\":[{\"url\":\"http://127.0.0.1:1/\"}],"
                + "\"rps\":10,\"duration\":\"1m\",\"thresholds\":[\"errors < 5%\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").getAsString();
        try {
            b = new Browser();
            b.open(f.api.url() + "#/sessions/" + id);
            WebElement errors = b.el("#errors-chart");
            b.wait.until(d -> Integer.parseInt(errors.getAttribute("data-points")) >= 3);
            assertThat(Integer.parseInt(errors.getAttribute("data-kinds"))).isPositive();
            assertThat(errors.getAttribute("data-thresholds")).isEqualTo("1");
            assertThat(b.el("#errors-chart .u-legend").getText()).contains("refused", "errors < 5%");
            WebElement latency = b.el("#latency-chart");
            assertThat(b.el("#latency-chart .u-legend").getText()).contains("corrected p90");
            System.out.println("errors chart: " + errors.getAttribute("data-points") + " points; latency p90 points "
                    + latency.getAttribute("data-p90-points"));
            b.screenshot("11-errors-chart");
            b.screenshotFull("11-errors-chart-full");
        } finally {
            f.send("POST", "/api/v1/sessions/" + id + "/stop", null);
        }
        // the sink answers: corrected p90 gets points
        String ok = create(f.spec("\"name\":\"p90\",\"rps\":10,\"duration\":\"1m\""));
        try {
            b.open(f.api.url() + "#/sessions/" + ok);
            WebElement latency = b.el("#latency-chart");
            b.wait.until(d -> Integer.parseInt(latency.getAttribute("data-p90-points")) >= 3);
            assertThat(latency.getAttribute("data-series")).isEqualTo("4");
            assertThat(b.el("#errors-chart").getAttribute("data-kinds")).as("no errors, no kind").isEqualTo("0");
        } finally {
            f.send("POST", "/api/v1/sessions/" + ok + "/stop", null);
        }
    }
}
