package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.siegegrid.core.node.ApiAccess;
import org.siegegrid.core.session.Redaction;

/**
 * With {@code api.auth=all} the streams need the token, which EventSource cannot send: the UI falls
 * back to polling the JSON endpoints with the token, and its charts still get their points.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UiPollingBrowserTest {
    private static final String TOKEN = "t0ken-ui-polling";

    @TempDir
    static Path reports;
    private ApiFixture f;

    @BeforeAll
    void start() {
        String missing = Browser.missing();
        Assumptions.assumeTrue(missing == null, missing);
        f = new ApiFixture(reports, TOKEN, 10_000, List.of("127.0.0.1"), new ApiAccess(ApiAccess.Auth.ALL, Redaction.DEFAULT), "a");
    }

    @AfterAll
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void theStreamsRefusedTheViewsPollWithTheToken() {
        ApiFixture.Resp created = f.send("POST", "/api/v1/sessions", f.spec("\"name\":\"polled\",\"rps\":10,\"duration\":\"1m\""));
        String id = created.json().get("id").getAsString();
        List<LogEntry> console;
        try (Browser b = new Browser()) {
            b.open(f.api.url());
            WebElement banner = b.el("#banner");
            b.wait.until(ExpectedConditions.textToBePresentInElement(banner, "Not authorized (401)"));
            b.type("#token-input", TOKEN);
            b.clickable("#token-save").click();
            b.el("tr.node[data-node='a']");
            assertThat(b.el("#cluster-live").getAttribute("data-mode")).isEqualTo("polling");
            assertThat(b.el("#cluster-quorum").getAttribute("data-present")).isEqualTo("true");
            b.screenshot("8-polling-cluster");

            b.open(f.api.url() + "#/sessions/" + id);
            WebElement rate = b.el("#rate-chart");
            b.wait.until(d -> Integer.parseInt(rate.getAttribute("data-points")) >= 3);
            assertThat(b.el("#session-live").getAttribute("data-mode")).isEqualTo("polling");
            assertThat(b.el("#tile-target").getText()).isEqualTo("10");
            assertThat(b.driver.findElements(By.cssSelector("#session-nodes tr"))).hasSize(1);
            b.screenshot("8-polling-session");
            console = b.console();
        } finally {
            f.send("POST", "/api/v1/sessions/" + id + "/stop", null);
        }
        assertThat(console).as("no CSP violation").noneMatch(e -> e.getMessage().contains("Content Security Policy"));
    }
}
