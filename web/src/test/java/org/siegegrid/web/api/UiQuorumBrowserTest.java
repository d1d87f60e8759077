package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A cluster that needs two nodes loses one while the UI watches: the cluster view's badge turns
 * red and the banner says so, and the session page shows the same banner (its reads fail with 503).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class UiQuorumBrowserTest {

    @Test
    void losingQuorumShowsTheBannerOnTheClusterViewAndTheSessionPage(@TempDir Path reports) {
        String missing = Browser.missing();
        Assumptions.assumeTrue(missing == null, missing);
        try (ApiFixture f = new ApiFixture(reports, "", 1_000, List.of("127.0.0.1"), 2, "a", "b");
             Browser b = new Browser()) {
            ApiFixture.Resp created = f.send("POST", "/api/v1/sessions", f.spec("\"name\":\"quorum\",\"rps\":5,\"duration\":\"1m\""));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().get("id").getAsString();

            b.open(f.api.url());
            WebElement badge = b.el("#cluster-quorum");
            b.wait.until(d -> "true".equals(badge.getAttribute("data-present")));
            assertThat(badge.getText()).startsWith("quorum 2 / 2");
            WebElement banner = b.el("#banner");
            assertThat(banner.isDisplayed()).as("no banner with quorum").isFalse();

            f.nodes.get("b").close();   // b leaves: a alone is 1 of the 2 it needs

            b.wait.until(d -> "false".equals(badge.getAttribute("data-present")));
            b.wait.until(ExpectedConditions.visibilityOf(banner));
            assertThat(banner.getText()).startsWith("No quorum: this node sees 1 of the 2 members it needs");
            assertThat(badge.getAttribute("class")).contains("bad");
            assertThat(b.el("#quorum-badge").getAttribute("data-present")).isEqualTo("false");
            assertThat(b.el("tr.node[data-node='a']")).as("the last nodes read stay shown").isNotNull();
            b.screenshot("12-no-quorum-cluster");

            b.open(f.api.url() + "#/sessions/" + id);
            WebElement again = b.el("#banner");
            b.wait.until(ExpectedConditions.textToBePresentInElement(again, "No quorum: this node sees 1 of the 2"));
            assertThat(again.isDisplayed()).isTrue();
            b.screenshot("12-no-quorum-session");
        }
    }
}
