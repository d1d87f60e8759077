package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The admin UI in a real headless Chromium against two real nodes (API on node a) and the sink:
 * the cluster view and its quorum badge, the create form (a bad spec shows each problem beside its
 * field and creates nothing; a good one opens the session page whose charts get points from the
 * stream), drain through the UI, stop and delete, a hostile session name shown as text, the 401
 * message without the token. Screenshots of each step in target/ui-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UiBrowserTest {
    private static final String TOKEN = "t0ken-ui-browser";

    @TempDir
    static Path reports;
    private ApiFixture f;
    private Browser b;

    @BeforeAll
    void start() {
        String missing = Browser.missing();
        if (missing != null) {
            System.out.println("UiBrowserTest SKIPPED: " + missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
        f = new ApiFixture(reports, TOKEN, 10_000, List.of("127.0.0.1"), "a", "b");
    }

    @BeforeEach
    void browser() {
        long t0 = System.nanoTime();
        b = new Browser();
        System.out.println("chromium started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @AfterEach
    void quit() {
        if (b != null) {
            List<LogEntry> console = b.console();
            b.close();
            b = null;
            assertThat(console).as("console errors (a CSP violation shows here)")
                    .noneMatch(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()
                            && !e.getMessage().contains("401") && !e.getMessage().contains("400")
                            && !e.getMessage().contains("favicon") && !noEventLog(e));
        }
    }

    /** A node without the session event log answers 404 to it (the page then reads the frames' events). */
    static boolean noEventLog(LogEntry e) {
        return e.getMessage().contains("/events") && e.getMessage().contains("404");
    }

    @AfterAll
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private String base() {
        return f.api.url();
    }

    private void setToken() {
        b.type("#token-input", TOKEN);
        b.clickable("#token-save").click();
        b.wait.until(ExpectedConditions.textToBe(By.id("token-state"), "token set"));
    }

    private int sessions() {
        return f.get("/api/v1/sessions").json().getAsJsonArray("sessions").size();
    }

    @Test
    @Order(1)
    void theClusterViewListsTheNodesAndTheQuorumBadge() {
        b.open(base());
        WebElement a = b.el("tr.node[data-node='a']");
        b.el("tr.node[data-node='b']");
        b.wait.until(d -> "active".equals(a.getAttribute("data-state")));
        WebElement badge = b.el("#cluster-quorum");
        b.wait.until(d -> "true".equals(badge.getAttribute("data-present")));
        assertThat(badge.getText()).startsWith("quorum 2 / 1");
        assertThat(badge.getAttribute("data-required")).isEqualTo("1");
        assertThat(a.getText()).contains("127.0.0.1");
        assertThat(b.el("#cluster-live").getAttribute("data-mode")).isEqualTo("stream");
        // CPU and heap: the node's process figures when its API reports them, else '–'
        boolean reported = f.get("/api/v1/nodes/a").json().has("process") && !f.get("/api/v1/nodes/a").json().get("process").isJsonNull();
        WebElement cpu = a.findElement(By.cssSelector("td.cpu")), heap = a.findElement(By.cssSelector("td.heap"));
        if (reported) {
            assertThat(cpu.getText()).matches("\\d+%");
            assertThat(heap.getText()).matches("[0-9.,]+ [MG]iB / [0-9.,]+ [MG]iB");
        } else {
            assertThat(cpu.getText()).isEqualTo("–");
            assertThat(heap.getText()).isEqualTo("–");
        }
        @SuppressWarnings("unchecked")
        List<Object> shown = (List<Object>) ((org.openqa.selenium.JavascriptExecutor) b.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "import('/ui/cluster.js').then((m) => done([m.processText({cpuLoad: 0.372, heapUsedBytes: 412 * 1048576,"
                + " heapMaxBytes: 2 * 1073741824, at: 1}), m.processText(null), m.processText({cpuLoad: -1, heapUsedBytes: 5e6, heapMaxBytes: -1})]))"
                + ".catch((e) => done([String(e)]));");
        assertThat(shown.get(0)).isEqualTo(java.util.Map.of("cpu", "37%", "heap", "412 MiB / 2 GiB"));
        assertThat(shown.get(1)).isEqualTo(java.util.Map.of("cpu", "–", "heap", "–"));
        assertThat(shown.get(2)).isEqualTo(java.util.Map.of("cpu", "–", "heap", "5 MiB / ?"));
        b.screenshot("1-cluster");
    }

    @Test
    @Order(2)
    void withoutTheTokenACreateShowsThe401Message() {
        b.open(base() + "#/sessions");
        b.type("#f-targets", f.sinkUrl());
        b.type("#f-rps", "10");
        b.clickable("#create-submit").click();
        WebElement banner = b.el("#banner");
        b.wait.until(ExpectedConditions.visibilityOf(banner));
        assertThat(banner.getText()).contains("Not authorized (401)", "Set the API token");
        assertThat(sessions()).isZero();
        b.screenshot("2-no-token-401");
    }

    @Test
    @Order(3)
    void aBadSpecShowsEachProblemBesideItsFieldAndCreatesNothing() {
        b.open(base() + "#/sessions");
        setToken();
        b.type("#f-targets", "ftp://nowhere.invalid/");
        b.type("#f-rps", "lots");
        b.type("#f-duration", "soon");
        b.clickable("#create-submit").click();
        WebElement targets = b.el("#err-targets");
        b.wait.until(d -> !targets.getText().isEmpty());
        assertThat(b.el("#err-rps").getText()).isNotEmpty();
        assertThat(b.el("#err-duration").getText()).isNotEmpty();
        assertThat(b.el("#err-name").getText()).isEmpty();
        System.out.println("form problems: targets=" + targets.getText() + " | rps=" + b.el("#err-rps").getText()
                + " | duration=" + b.el("#err-duration").getText());
        assertThat(sessions()).as("a refused spec creates nothing").isZero();
        b.screenshot("3-form-problems");

        // stages instead of a rate: a bad one is shown beside the stages, the old problems are gone
        b.el("#f-rps").clear();
        b.type("#f-targets", f.sinkUrl());
        b.type("#f-duration", "1m");
        b.type("#f-stages", "10s:fast");
        b.clickable("#create-submit").click();
        WebElement stages = b.el("#err-stages");
        b.wait.until(d -> !stages.getText().isEmpty());
        assertThat(stages.getText()).startsWith("stages[0].rps");
        assertThat(b.el("#err-targets").getText()).isEmpty();
        assertThat(b.el("#err-rps").getText()).isEmpty();
        assertThat(sessions()).isZero();
    }

    @Test
    @Order(4)
    void aSessionCreatedThroughTheFormGetsLiveChartPoints() {
        b.open(base() + "#/sessions");
        setToken();
        b.type("#f-name", "from-the-ui");
        b.type("#f-targets", f.sinkUrl());
        b.type("#f-rps", "20");
        b.type("#f-duration", "2m");
        b.type("#f-timeout", "5s");
        b.type("#f-thresholds", "p99 < 500ms, errors < 1%");
        b.clickable("#create-submit").click();
        b.wait.until(ExpectedConditions.urlMatches("#/sessions/[^/]+$"));
        String id = b.driver.getCurrentUrl().replaceAll(".*#/sessions/", "");
        assertThat(f.get("/api/v1/sessions/" + id).json().get("name").getAsString()).isEqualTo("from-the-ui");
        WebElement rate = b.el("#rate-chart");
        long t0 = System.nanoTime();
        b.wait.until(d -> Integer.parseInt(rate.getAttribute("data-points")) >= 5);
        System.out.println("rate chart: 5 points in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        assertThat(b.el("#rate-points").getText()).isEqualTo(rate.getAttribute("data-points"));
        assertThat(Integer.parseInt(b.el("#latency-chart").getAttribute("data-points"))).isPositive();
        assertThat(b.el("#session-live").getAttribute("data-mode")).isEqualTo("stream");
        assertThat(b.el("#tile-state").getText()).isEqualTo("RUNNING");
        assertThat(b.el("#tile-target").getText()).isEqualTo("20");
        assertThat(b.all("#session-nodes tr")).hasSize(2);
        assertThat(b.all("canvas")).as("uPlot drew its charts").hasSizeGreaterThanOrEqualTo(2);
        b.wait.until(d -> "1".equals(b.el("#latency-chart").getAttribute("data-thresholds")));
        assertThat(b.el("#nodes-chart").getAttribute("data-nodes")).as("one band per node").isEqualTo("2");

        // change the rate in the UI: the API's target follows, the shares are re-split, the page marks the update on the chart
        java.util.Map<String, Double> before = shares();
        assertThat(before.values().stream().mapToDouble(Double::doubleValue).sum()).as("shares " + before).isEqualTo(20.0);
        b.type("#update-rps", "30");
        b.clickable("#update-submit").click();
        assertThat(b.confirm()).contains("to 30 requests/s");
        await().atMost(Duration.ofSeconds(15)).until(() -> f.get("/api/v1/sessions/" + id).json()
                .getAsJsonObject("board").get("targetRps").getAsDouble() == 30);
        // the update's own event, from the log with its detail (the field, before -> after)
        WebElement updated = b.el("#session-events li[data-kind='updated']");
        assertThat(updated.getText()).contains("updated", "rps: 20 -> 30");
        b.wait.until(d -> b.el("#tile-target").getText().equals("30"));
        b.wait.until(d -> shares().values().stream().mapToDouble(Double::doubleValue).sum() == 30.0);
        java.util.Map<String, Double> after = shares();
        System.out.println("shares before " + before + " after " + after);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        after.forEach((node, share) -> assertThat(share).as("node " + node + "'s share").isGreaterThan(before.get(node)));
        b.wait.until(d -> Integer.parseInt(rate.getAttribute("data-marks")) >= 1);
        // the marks come from the session's event log where the node keeps one, else (404) from the frames
        assertThat(f.get("/api/v1/sessions/" + id + "/events").status()).isEqualTo(200);
        assertThat(b.el("#session-events").getAttribute("data-source")).as("the marks come from the event log").isEqualTo("log");
        whiteboardColumns();
        b.screenshot("4-session-live");
        b.screenshotFull("4-session-live-full");

        b.open(base() + "#/sessions");
        WebElement row = b.el("tr.session[data-session='" + id + "']");
        assertThat(row.getText()).contains("from-the-ui", "RUNNING");
        b.screenshot("4-sessions-list");

        List<String> sent = b.requests();
        System.out.println("browser requests: " + sent.size() + " " + sent.stream().map(u -> u.replace(base(), "/"))
                .map(u -> u.replaceAll("[0-9a-f]{12}", "ID")).distinct().sorted().toList());
        assertThat(sent).as("pages, modules, uPlot, API calls, streams").hasSizeGreaterThan(10)
                .allMatch(u -> u.startsWith(base()), "every request goes to the node itself, none leaves it");
        assertThat(sent).anyMatch(u -> u.endsWith("/ui/vendor/uplot/uPlot.esm.js"))
                .anyMatch(u -> u.endsWith("/api/v1/sessions/" + id + "/stream"));
    }

    /**
     * The whiteboard table's weight (the node's cores), cap (auto here), ceiling (what the node told the
     * whiteboard, '–' for none) and lease (seconds left at the frame's time: a lease is renewed every
     * round, so a live node's is a little ahead, never long gone).
     */
    private void whiteboardColumns() {
        b.wait.until(d -> !cells("weight").containsValue("–"));
        java.util.Map<String, String> weight = cells("weight"), cap = cells("cap"), ceiling = cells("ceiling"), lease = cells("lease");
        System.out.println("whiteboard: weight " + weight + " cap " + cap + " ceiling " + ceiling + " lease " + lease);
        for (String node : List.of("a", "b")) {
            com.google.gson.JsonObject n = f.get("/api/v1/nodes/" + node).json();
            assertThat(weight.get(node)).as(node + "'s weight").isEqualTo(String.valueOf(n.get("cores").getAsInt()));
            assertThat(cap.get(node)).as(node + "'s cap").isEqualTo("auto");
            assertThat(ceiling.get(node)).as(node + "'s ceiling").matches("–|[0-9.,]+");
            assertThat(Double.parseDouble(lease.get(node).replace(",", ""))).as(node + "'s lease, s left").isBetween(-3.0, 60.0);
        }
    }

    /** One column of the whiteboard table ({@code td.<cls>}) by node, read in one script. */
    private java.util.Map<String, String> cells(String cls) {
        @SuppressWarnings("unchecked")
        List<List<String>> rows = (List<List<String>>) ((org.openqa.selenium.JavascriptExecutor) b.driver).executeScript(
                "return [...document.querySelectorAll('#session-nodes tr')].map((tr) => [tr.dataset.node, tr.querySelector('td.' + arguments[0]).textContent]);", cls);
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        rows.forEach(r -> out.put(r.get(0), r.get(1)));
        return out;
    }

    /** Each node's share as the whiteboard table shows it ({@code #session-nodes}, the Share column). */
    private java.util.Map<String, Double> shares() {
        // read in one script: the rows are rebuilt with every frame
        @SuppressWarnings("unchecked")
        List<List<String>> rows = (List<List<String>>) ((org.openqa.selenium.JavascriptExecutor) b.driver).executeScript(
                "return [...document.querySelectorAll('#session-nodes tr')].map((tr) => [tr.dataset.node, tr.querySelector('td.share').textContent]);");
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        for (List<String> r : rows) {
            out.put(r.get(0), Double.parseDouble(r.get(1).replace(",", "")));
        }
        return out;
    }

    @Test
    @Order(5)
    void drainingANodeInTheUiChangesItsState() {
        b.open(base());
        setToken();
        WebElement toggle = b.clickable("tr.node[data-node='b'] button.node-toggle");
        b.wait.until(d -> "drain".equals(toggle.getAttribute("data-action")));
        toggle.click();
        String said = b.confirm();
        assertThat(said).contains("Drain node b", "shares move to the other nodes");
        await().atMost(Duration.ofSeconds(15)).until(() -> f.get("/api/v1/nodes/b").json().get("state").getAsString().equals("DRAINED"));
        WebElement row = b.el("tr.node[data-node='b']");
        b.wait.until(d -> "drained".equals(row.getAttribute("data-state")));
        // the running session (30 rps since the last test) moves wholly to node a
        WebElement a = b.el("tr.node[data-node='a']");
        b.wait.until(d -> a.getText().contains(": 30 / "));
        b.screenshot("5-drained");
        // where the cluster keeps a session event log, the drain made here is a mark on the session's page
        String sid = f.get("/api/v1/sessions").json().getAsJsonArray("sessions").get(0).getAsJsonObject().get("id").getAsString();
        b.open(base() + "#/sessions/" + sid);
        WebElement drained = b.el("#session-events li[data-kind='drained']");
        assertThat(drained.getText()).contains("drained b", "ACTIVE -> DRAINED");
        b.wait.until(d -> Integer.parseInt(b.el("#rate-chart").getAttribute("data-marks")) >= 2);
        b.screenshot("5-drained-marked");
        b.open(base());

        b.clickable("tr.node[data-node='b'] button.node-toggle").click();
        assertThat(b.confirm()).contains("Activate node b");
        await().atMost(Duration.ofSeconds(15)).until(() -> f.get("/api/v1/nodes/b").json().get("state").getAsString().equals("ACTIVE"));
        // a cancelled action changes nothing
        b.clickable("tr.node[data-node='b'] button.node-remove").click();
        b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-text")));
        b.clickable("#confirm-cancel").click();
        assertThat(f.get("/api/v1/nodes/b").json().get("live").getAsBoolean()).isTrue();
    }

    @Test
    @Order(6)
    void stopAndDeleteFromTheSessionPage() {
        JsonArray list = f.get("/api/v1/sessions").json().getAsJsonArray("sessions");
        assertThat(list).hasSize(1);
        String id = list.get(0).getAsJsonObject().get("id").getAsString();
        b.open(base() + "#/sessions/" + id);
        setToken();
        b.clickable("#session-stop").click();
        assertThat(b.confirm()).contains("Stop session " + id);
        WebElement state = b.el("#tile-state");
        b.wait.until(d -> state.getText().equals("FINISHED"));
        WebElement siege = b.el("#report-siege");
        b.wait.until(d -> siege.isDisplayed());
        String href = siege.getAttribute("href");
        ApiFixture.Resp report = f.get(href.substring(href.indexOf("/api/")));
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.body()).contains("Transactions:");
        assertThat(b.el("#report-json").getAttribute("href")).endsWith("/api/v1/sessions/" + id + "/report");
        b.screenshot("6-finished");
        b.clickable("#session-delete").click();
        assertThat(b.confirm()).contains("Delete session " + id);
        b.wait.until(ExpectedConditions.urlMatches("#/sessions$"));
        assertThat(f.get("/api/v1/sessions/" + id).status()).isEqualTo(404);
    }

    /**
     * An hour of points (3,600 per series, 3 series) keeps updating quickly: what the page does each
     * second, timed with the redraw (uPlot's batch commits the draw synchronously).
     */
    @Test
    @Order(8)
    void anHourOfPointsUpdatesWithoutAStall() {
        b.open(base() + "#/sessions");
        b.el("#create-form");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> r = (java.util.Map<String, Object>) ((org.openqa.selenium.JavascriptExecutor) b.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "Promise.all([import('/ui/vendor/uplot/uPlot.esm.js'), import('/ui/session.js')]).then(([m, s]) => {"
                + "  const el = document.createElement('div'); document.body.append(el);"
                + "  const u = new m.default({width: 1200, height: 220, scales: {x: {time: true}},"
                + "    series: [{}, {stroke: 'red'}, {stroke: 'blue'}, {stroke: 'green'}]}, [[], [], [], []], el);"
                + "  const ser = new s.Series(3); const t0 = 1.7e9;"
                + "  for (let i = 0; i < s.MAX_POINTS; i++) ser.push(t0 + i, 100 + Math.sin(i / 50) * 10, 95 + Math.random() * 10, 50);"
                + "  const times = [];"
                + "  for (let i = 0; i < 60; i++) {"
                + "    const a = performance.now();"
                + "    ser.push(t0 + s.MAX_POINTS + i, 100, 99, 50); u.batch(() => u.setData(ser.cols));"
                + "    times.push(performance.now() - a);"
                + "  }"
                + "  times.sort((x, y) => x - y);"
                + "  done({points: ser.length, median: times[30], max: times[59]});"
                + "}).catch((e) => done({error: String(e)}));");
        System.out.println("3,600 points x 3 series, 60 updates: " + r);
        assertThat(r).doesNotContainKey("error");
        assertThat(((Number) r.get("points")).intValue()).as("bounded at an hour").isEqualTo(3600);
        assertThat(((Number) r.get("median")).doubleValue()).as("median update, ms").isLessThan(50);
        assertThat(((Number) r.get("max")).doubleValue()).as("slowest update, ms").isLessThan(250);
    }

    @Test
    @Order(7)
    void aHostileSessionNameIsShownAsText() {
        String name = "<img src=x onerror=alert(1)>";
        ApiFixture.Resp created = f.send("POST", "/api/v1/sessions",
                f.spec("\"name\":\"" + name + "\",\"rps\":5,\"duration\":\"1m\""));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").getAsString();
        try {
            b.open(base() + "#/sessions");
            WebElement row = b.el("tr.session[data-session='" + id + "']");
            assertThat(row.findElement(By.cssSelector("a")).getText()).isEqualTo(name);
            assertThat(b.all("img")).as("no element made from the name").isEmpty();
            b.open(base() + "#/sessions/" + id);
            b.wait.until(d -> b.el("#session-title").getText().startsWith(name));
            assertThat(b.all("img")).isEmpty();
            b.screenshot("7-hostile-name");
        } finally {
            f.send("POST", "/api/v1/sessions/" + id + "/stop", null);
        }
    }

    /**
     * The event log reader with a stand-in for the API: a 200 gives its events (each once, in time
     * order, grouped a mark per second), a 404 says there is no log.
     */
    @Test
    @Order(9)
    @SuppressWarnings("unchecked")
    void theEventLogGivesTheMarksAndA404FallsBackToTheFrames() {
        b.open(base() + "#/sessions");
        b.el("#create-form");
        java.util.Map<String, Object> r = (java.util.Map<String, Object>) ((org.openqa.selenium.JavascriptExecutor) b.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "import('/ui/events.js').then((m) => {"
                + "  const log = {events: [{at: 1700000001500, kind: 'updated', node: null, detail: 'rps 20 → 30'},"
                + "    {at: 1700000000200, kind: 'drained', node: 'b', detail: 'share 10 → 0'},"
                + "    {at: 1700000000700, kind: 'share', node: 'a', detail: '10 → 20'}]};"
                + "  let calls = 0;"
                + "  const stop = m.eventLog('s1', async (p) => { calls++; return log; }, (evs) => {"
                + "    stop();"
                + "    m.eventLog('s2', async () => { throw {status: 404}; }, () => done({error: 'events from a 404'}),"
                + "      () => done({calls, kinds: evs.map((e) => e.kind + '@' + e.at), marks: m.markGroups(evs).map((g) => g.label)}));"
                + "  }, () => done({error: 'absent'}));"
                + "}).catch((e) => done({error: String(e)}));");
        assertThat(r).doesNotContainKey("error");
        assertThat(r.get("calls")).isEqualTo(1L);
        assertThat((List<Object>) r.get("kinds")).containsExactly("drained@2023-11-14T22:13:20.200Z", "share@2023-11-14T22:13:20.700Z",
                "updated@2023-11-14T22:13:21.500Z");
        assertThat((List<Object>) r.get("marks")).as("a mark a second").containsExactly("drained b, share a", "updated");
    }

    /** A died node and a lost quorum are marks of their own: each kind its own line style, the list item its kind; in a shared second the graver names the mark. */
    @Test
    @Order(10)
    @SuppressWarnings("unchecked")
    void diedAndQuorumLostHaveMarksOfTheirOwn() {
        b.open(base() + "#/sessions");
        b.el("#create-form");
        java.util.Map<String, Object> r = (java.util.Map<String, Object>) ((org.openqa.selenium.JavascriptExecutor) b.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "Promise.all([import('/ui/charts.js'), import('/ui/events.js')]).then(([c, e]) => {"
                + "  const style = (k) => JSON.stringify(c.markStyle(k));"
                + "  const evs = [{atMillis: 1700000000100, at: '2023-11-14T22:13:20.100Z', seq: 7, kind: 'share', node: 'a', detail: ''},"
                + "    {atMillis: 1700000000300, at: '2023-11-14T22:13:20.300Z', seq: 8, kind: 'died', node: 'b', detail: ''},"
                + "    {atMillis: 1700000005000, at: '2023-11-14T22:13:25.000Z', seq: 9, kind: 'quorum-lost', node: 'a', detail: ''}].map(e.fromLog);"
                + "  done({died: style('died'), lost: style('quorum-lost'), drained: style('drained'), updated: style('updated'), other: style('share'),"
                + "    groups: e.markGroups(evs).map((g) => g.kind + '|' + g.label), t: evs[1].t});"
                + "}).catch((x) => done({error: String(x)}));");
        assertThat(r).doesNotContainKey("error");
        assertThat(java.util.Set.of(r.get("died"), r.get("lost"), r.get("drained"), r.get("updated"), r.get("other")))
                .as("five kinds, five styles: " + r).hasSize(5);
        assertThat((List<Object>) r.get("groups")).containsExactly("died|share a, died b", "quorum-lost|quorum-lost a");
        assertThat(((Number) r.get("t")).doubleValue()).as("the log's atMillis, in s").isEqualTo(1700000000.3);
    }

    /** Set cap on the cluster view: the dialog asks for the rate, the node's cap is PATCHed, the cap column shows it. */
    @Test
    @Order(11)
    void setCapFromTheClusterView() {
        b.open(base());
        setToken();
        b.clickable("tr.node[data-node='b'] button.node-cap").click();
        WebElement input = b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-input")));
        input.clear();
        input.sendKeys("25");
        assertThat(b.confirm()).contains("Set the capacity of node b", "never given more than this rate");
        await().atMost(Duration.ofSeconds(15)).until(() -> f.get("/api/v1/nodes/b").json().get("capacityRps").getAsDouble() == 25);
        WebElement row = b.el("tr.node[data-node='b']");
        b.wait.until(d -> row.findElements(By.cssSelector("td")).get(6).getText().equals("25"));
        assertThat(b.el("tr.node[data-node='a']").findElements(By.cssSelector("td")).get(6).getText()).isEqualTo("auto");
        b.screenshot("11-cap-set");
        // a cancelled cap changes nothing
        b.clickable("tr.node[data-node='b'] button.node-cap").click();
        b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-input"))).sendKeys("7");
        b.clickable("#confirm-cancel").click();
        assertThat(f.get("/api/v1/nodes/b").json().get("capacityRps").getAsDouble()).isEqualTo(25);
    }

    /**
     * A session whose thresholds use units and selectors: p99 < 0.2s and corrected.p90 < 300ms are
     * lines at 200 and 300 ms, service.p99 < 50ms one on the service p99; the whiteboard shows b's cap
     * (25, set in the previous test); duration and budget are changed from the page, each confirmed,
     * and a bad value shows the API's problem beside its field.
     */
    @Test
    @Order(12)
    void unitThresholdsCapColumnAndUpdatingDurationAndBudget() {
        ApiFixture.Resp created = f.send("POST", "/api/v1/sessions", f.spec("\"name\":\"units\",\"rps\":10,\"duration\":\"1m\","
                + "\"thresholds\":[\"p99 < 0.2s\",\"corrected.p90 < 300ms\",\"service.p99 < 50ms\",\"errors < 1%\"]"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").getAsString();
        try {
            b.open(base() + "#/sessions/" + id);
            setToken();
            WebElement lat = b.el("#latency-chart");
            b.wait.until(d -> "3".equals(lat.getAttribute("data-thresholds")));
            assertThat(lat.getAttribute("data-threshold-values")).isEqualTo("200,300,50");
            b.wait.until(d -> "25".equals(cells("cap").get("b")));
            assertThat(cells("cap").get("a")).isEqualTo("auto");

            b.type("#update-duration", "5m");
            b.clickable("#update-duration-submit").click();
            assertThat(b.confirm()).contains("duration of session " + id + " to 5m");
            await().atMost(Duration.ofSeconds(15)).until(() -> "5m".equals(f.get("/api/v1/sessions/" + id).json()
                    .getAsJsonObject("spec").get("duration").getAsString()));
            b.type("#update-requests", "100000");
            b.clickable("#update-requests-submit").click();
            assertThat(b.confirm()).contains("request budget of session " + id + " to 100000 requests");
            await().atMost(Duration.ofSeconds(15)).until(() -> f.get("/api/v1/sessions/" + id).json()
                    .getAsJsonObject("spec").has("requests"));
            assertThat(f.get("/api/v1/sessions/" + id).json().getAsJsonObject("spec").get("requests").getAsLong()).isEqualTo(100_000);
            b.el("#session-events li[data-kind='updated']");

            b.type("#update-requests", "lots");
            b.clickable("#update-requests-submit").click();
            b.confirm();
            WebElement err = b.el("#err-update-requests");
            b.wait.until(d -> !err.getText().isEmpty());
            String requestsProblem = err.getText();
            b.type("#update-duration", "soon");
            b.clickable("#update-duration-submit").click();
            b.confirm();
            WebElement durErr = b.el("#err-update-duration");
            b.wait.until(d -> !durErr.getText().isEmpty());
            System.out.println("update problems: requests=" + requestsProblem + " | duration=" + durErr.getText());
            assertThat(requestsProblem).contains("number");
            assertThat(durErr.getText()).contains("soon");
            assertThat(err.getText()).as("a new update clears the old problems").isEmpty();
            assertThat(b.el("#err-update-rps").getText()).isEmpty();
            com.google.gson.JsonObject spec = f.get("/api/v1/sessions/" + id).json().getAsJsonObject("spec");
            assertThat(spec.get("duration").getAsString()).as("a refused update changes nothing").isEqualTo("5m");
            assertThat(spec.get("requests").getAsLong()).isEqualTo(100_000);
            b.screenshot("12-update-problems");
        } finally {
            f.send("POST", "/api/v1/sessions/" + id + "/stop", null);
            f.send("PATCH", "/api/v1/nodes/b", "{\"capacityRps\":0}");
        }
    }

    /**
     * A siege URL file pasted into the targets box (a comment, a blank line, URL, URL POST data,
     * METHOD URL): a bad line is named beside the targets and nothing is created; without it the
     * session has the file's three targets with the POST's body.
     */
    @Test
    @Order(13)
    void aPastedSiegeUrlFileIsTheTargetsAndABadLineIsNamed() {
        String sink = f.sinkUrl();
        String file = "# the shop\n\n" + sink + "\n" + sink + "login POST user=a&p=b\nPUT " + sink + "items\n";
        b.open(base() + "#/sessions");
        setToken();
        int before = sessions();
        b.type("#f-name", "url-file");
        b.type("#f-targets", file + sink + " FETCH x\n");
        b.type("#f-rps", "5");
        b.clickable("#create-submit").click();
        WebElement err = b.el("#err-targets");
        b.wait.until(d -> !err.getText().isEmpty());
        System.out.println("url file problem: " + err.getText());
        assertThat(err.getText()).startsWith("line 6: ").contains("FETCH");
        assertThat(sessions()).as("a refused file creates nothing").isEqualTo(before);
        b.screenshot("13-url-file-line");

        b.type("#f-targets", file);
        b.clickable("#create-submit").click();
        b.wait.until(ExpectedConditions.urlMatches("#/sessions/[^/]+$"));
        String id = b.driver.getCurrentUrl().replaceAll(".*#/sessions/", "");
        try {
            // the API keeps the file as given (it parsed it: 201); the METHOD URL line became siege's URL METHOD in place
            com.google.gson.JsonObject spec = f.get("/api/v1/sessions/" + id).json().getAsJsonObject("spec");
            assertThat(spec.has("targets")).isFalse();
            assertThat(spec.get("urlsFile").getAsString()).isEqualTo("# the shop\n\n" + sink + "\n" + sink + "login POST user=a&p=b\n"
                    + sink + "items PUT\n");
            WebElement state = b.el("#tile-state");
            b.wait.until(d -> state.getText().equals("RUNNING"));
            WebElement requests = b.el("#tile-requests");
            b.wait.until(d -> requests.getText().matches("[1-9][0-9,]*"));
        } finally {
            f.send("POST", "/api/v1/sessions/" + id + "/stop", null);
        }
    }
}
