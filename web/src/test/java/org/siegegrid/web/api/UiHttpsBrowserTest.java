package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.siegegrid.core.session.Session;

/**
 * The admin UI over HTTPS (security issue: TLS end to end): a node whose API serves a self-made
 * PKCS12 keystore, a real headless Chromium speaking TLS to it — the cluster view, the live stream
 * and a session created through the form, every request of the page on https.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UiHttpsBrowserTest {
    private static final String TOKEN = "t0ken-ui-https";

    @TempDir
    Path dir;
    private ApiFixture f;
    private Browser b;

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (f != null) {
            f.close();
        }
    }

    @Test
    void theUiWorksOverHttpsWithItsStreams() throws Exception {
        String missing = Browser.missing();
        if (missing != null) {
            System.out.println("UiHttpsBrowserTest SKIPPED: " + missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
        TlsKeys keys = TlsKeys.make(dir, "ui", TlsKeys.LOOPBACK_SAN);
        SSLContext tls = ApiTls.serverContext(keys.keystore(), keys.password().toCharArray());
        f = new ApiFixture(dir.resolve("reports"), TOKEN, new ApiServer("127.0.0.1", 0, TOKEN, tls), "a");
        String base = f.api.url();
        assertThat(base).startsWith("https://127.0.0.1:");
        b = new Browser(true);

        b.open(base);
        WebElement node = b.el("tr.node[data-node='a']");
        b.wait.until(d -> "active".equals(node.getAttribute("data-state")));
        b.wait.until(d -> "true".equals(b.el("#cluster-quorum").getAttribute("data-present")));
        assertThat(b.el("#cluster-live").getAttribute("data-mode")).as("the cluster stream over TLS").isEqualTo("stream");

        b.open(base + "#/sessions");
        b.type("#token-input", TOKEN);
        b.clickable("#token-save").click();
        b.wait.until(ExpectedConditions.textToBe(org.openqa.selenium.By.id("token-state"), "token set"));
        b.type("#f-name", "over-https");
        b.type("#f-targets", f.sinkUrl());
        b.type("#f-rps", "20");
        b.type("#f-duration", "1m");
        b.clickable("#create-submit").click();
        b.wait.until(ExpectedConditions.urlMatches("#/sessions/[^/]+$"));
        String id = b.driver.getCurrentUrl().replaceAll(".*#/sessions/", "");
        assertThat(f.first().session(id).map(Session::spec).map(s -> s.name())).contains("over-https");
        WebElement rate = b.el("#rate-chart");
        b.wait.until(d -> Integer.parseInt(rate.getAttribute("data-points")) >= 3);
        assertThat(b.el("#session-live").getAttribute("data-mode")).as("the session stream over TLS").isEqualTo("stream");

        List<String> sent = b.requests();
        System.out.println("ui over https: " + sent.size() + " requests, the rate chart at "
                + rate.getAttribute("data-points") + " points");
        assertThat(sent).hasSizeGreaterThan(5).allMatch(u -> u.startsWith(base), "every request on https to the node");
        f.first().stop(id);
    }
}
