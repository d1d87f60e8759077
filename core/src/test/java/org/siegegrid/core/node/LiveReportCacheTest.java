package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.load.FakeTicker;
import org.siegegrid.core.report.Report;
import org.siegegrid.core.session.Session;

/**
 * The live report is built at most once a second per session however many callers ask, and again at once
 * when the session changes; on a clock the test moves, against a real node's published stats.
 */
@Timeout(60)
class LiveReportCacheTest extends NodeTestBase {

    @Test
    void builtOnceASecondAndAgainWhenTheSessionChanges() {
        SiegeNode a = startCluster(1, 1);
        Session s = a.create(rate(sink.url("/"), 100, Duration.ofSeconds(30), null));
        await().atMost(Duration.ofSeconds(10)).until(() -> a.stats(s.id()).totals().issued() > 0);
        FakeTicker ticker = new FakeTicker(1_000_000_000L);
        SessionReports reports = new SessionReports(a.grid(), ticker);
        Session now = a.session(s.id()).orElseThrow();

        Report first = reports.live(now);
        for (int caller = 0; caller < 50; caller++) {
            assertThat(reports.live(now)).isSameAs(first);
        }
        ticker.advanceMillis(999);
        assertThat(reports.live(now)).isSameAs(first);

        ticker.advanceMillis(1);   // a second after it was built
        Report second = reports.live(now);
        assertThat(second).isNotSameAs(first);
        assertThat(reports.live(now)).isSameAs(second);

        Session updated = a.update(s.id(), rate(sink.url("/"), 150, Duration.ofSeconds(30), null));
        assertThat(updated.version()).isGreaterThan(now.version());
        Report third = reports.live(updated);
        assertThat(third).isNotSameAs(second);
        assertThat(reports.live(updated)).isSameAs(third);
        a.stop(s.id());
    }
}
