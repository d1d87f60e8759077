package org.siegegrid.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportHtmlTest {
    private static final String EVIL = "<img src=x onerror=alert(1)>";
    private static final Pattern POLYLINE = Pattern.compile("<polyline [^>]*points=\"([^\"]*)\"");

    /** An open-model report of {@code seconds} seconds, a spike at second 1234 when long enough, the last second partial. */
    static Report report(int seconds, Double targetRps, List<ThresholdResult> thresholds, List<Report.Node> nodes,
                         Report.Warmup warmup) {
        List<SeriesPoint> series = new ArrayList<>();
        for (int t = 0; t < seconds; t++) {
            double p99 = t == 1234 ? 9_999 : 10 + t % 7;
            series.add(new SeriesPoint(t, targetRps == null ? Double.NaN : targetRps, 95 + t % 5, 100, p99, t % 3,
                    t == seconds - 1 ? 0.4 : 1.0));
        }
        Report.Latency l = new Report.Latency(10, 12, 13, 15, 20, 30, 11, 1000);
        return new Report(1000, 99.5, seconds, 1.5, 0.01, 95, 0.1, 1.2, 990, 5, 0.03, 0.001, l, l,
                Report.Latency.EMPTY, Map.of("refused", 3L, "http_5xx", 2L), targetRps, 100, thresholds, nodes,
                series, new Counters(1000, 995, 990, 4, 1 << 20, Map.of()), true, warmup);
    }

    private static List<String> polylines(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = POLYLINE.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void everyUserStringIsEscaped() {
        Report r = report(5, 100.0, List.of(new ThresholdResult("p99 < 200ms " + EVIL, true, 15)),
                List.of(new Report.Node(EVIL, 1000, 1.0)), null);
        String html = ReportHtml.page(r, new ReportHtml.Meta(EVIL, EVIL, List.of("GET http://t.example/?q=" + EVIL)),
                List.of(new ReportEvent(1_700_000_000_000L, EVIL, EVIL, EVIL)));
        assertThat(html).doesNotContain(EVIL).doesNotContain("<img").doesNotContain("onerror=alert(1)>")
                .contains("&lt;img src=x onerror=alert(1)&gt;");
        assertThat(html.split(Pattern.quote("&lt;img src=x onerror=alert(1)&gt;"), -1).length - 1)
                .as("title, heading, id, target, node (row + bar title), threshold, event kind/node/detail")
                .isGreaterThanOrEqualTo(9);
    }

    @Test
    void noScriptAndNoUrlButTheEscapedTargets() {
        String html = ReportHtml.page(report(30, 100.0, List.of(), List.of(new Report.Node("a", 600, 0.6),
                new Report.Node("b", 400, 0.4)), null), new ReportHtml.Meta("s1", "run",
                List.of("GET http://user:secret@127.0.0.1:8080/a", "POST https://x.example/b")), List.of());
        assertThat(html.toLowerCase()).doesNotContain("<script").doesNotContainPattern("\\son[a-z]+=").doesNotContain("src=")
                .doesNotContain("url(").doesNotContain("@import");
        String withoutTargets = html.replace("<code>GET http://&lt;redacted&gt;@127.0.0.1:8080/a</code>", "")
                .replace("<code>POST https://x.example/b</code>", "");
        assertThat(withoutTargets).doesNotContain("http://").doesNotContain("https://");
        assertThat(html).doesNotContain("secret");
        assertThat(Pattern.compile("href=\"(?!data:)").matcher(html).find()).as("no link but the empty icon").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"open model, 100, 5", "closed model, , 4"})
    void threeChartsWithALineEachSeries(String name, Double target, int lines) {
        String html = ReportHtml.page(report(20, target, List.of(), List.of(new Report.Node("a", 1000, 1.0)), null),
                ReportHtml.Meta.NONE, List.of());
        assertThat(html.split("<svg viewBox=\"0 0 900 240\"", -1)).hasSize(4);
        List<String> p = polylines(html);
        assertThat(p).hasSize(lines).allSatisfy(pts -> assertThat(pts.split(" ")).hasSize(20));
        assertThat(html).contains("class=\"partial\"", "partial second");
    }

    @Test
    void anHourIsDownsampledToAThousandPointsALineAndItsSpikeStays() {
        Report r = report(3600, 500.0, List.of(), List.of(new Report.Node("a", 1000, 1.0)), null);
        String html = ReportHtml.page(r, ReportHtml.Meta.NONE, List.of());
        List<String> p = polylines(html);
        assertThat(p).hasSize(5).allSatisfy(pts -> assertThat(pts.split(" ").length)
                .isBetween(2, SvgChart.MAX_POINTS));
        String p99 = p.get(3);
        assertThat(p99).as("the spike's y is the chart's top").contains(",12.0");
        assertThat(html.length()).as("page size").isLessThan(250_000);
        System.out.printf("3,600 s report: %,d bytes, %d points in the p99 line%n", html.length(), p99.split(" ").length);
    }

    @Test
    void keepKeepsEveryValueWhenFewAndMinAndMaxOfEachBucketElse() {
        double[] y = {1, Double.NaN, 3, 2};
        assertThat(SvgChart.keep(y, 10)).containsExactly(0, 2, 3);
        double[] big = new double[3600];
        for (int i = 0; i < big.length; i++) {
            big[i] = i % 10;
        }
        big[1777] = 1e6;
        big[2999] = -5;
        List<Integer> kept = SvgChart.keep(big, 1000);
        assertThat(kept.size()).isLessThanOrEqualTo(1000);
        assertThat(kept).contains(1777, 2999).isSorted();
    }

    @Test
    void anEmptyClosedModelReportRenders() {
        Report empty = new Report(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Report.Latency.EMPTY, Report.Latency.EMPTY,
                Report.Latency.EMPTY, Map.of(), null, 0, List.of(), List.of(), List.of(), null, true, null);
        String html = ReportHtml.page(empty, null, null);
        assertThat(html).startsWith("<!doctype html>").endsWith("</html>\n")
                .contains("closed model", "No seconds recorded", "no data", "No node reported", "None set.",
                        "None recorded.", "No errors.")
                .doesNotContain("NaN").doesNotContain("<polyline");
    }

    @Test
    void thresholdsWarmupAndEventsAreShown() {
        Report r = report(10, 100.0, List.of(new ThresholdResult("p99 < 200ms", true, 15),
                        new ThresholdResult("errors < 0.1%", false, 0.5)), List.of(new Report.Node("a", 1000, 1.0)),
                new Report.Warmup(2, new Counters(200, 200, 200, 0, 0, Map.of()), Report.Latency.EMPTY, 100));
        String html = ReportHtml.page(r, new ReportHtml.Meta("id1", "n", List.of()),
                List.of(new ReportEvent(0, "started", "", null), new ReportEvent(5000, "node-left", "b", "lease expired")));
        assertThat(html).contains("<h2>Warm-up</h2>", "class=\"warmup\"", "At least one failed.", ">FAILED<",
                "15.00 ms", "0.50 %", "1970-01-01T00:00:05Z", "lease expired", "Target rate");
    }
}
