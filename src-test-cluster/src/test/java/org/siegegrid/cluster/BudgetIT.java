package org.siegegrid.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 6: a request budget is never overspent. Three nodes, {@code requests=12000} at 1,000 rps: first
 * with no fault (the sink must count exactly 12,000), then again with one node killed mid-run (the sink
 * counts at most 12,000: the board grants quota ahead in chunks, and what the dead node was granted but
 * never sent is lost, not re-granted).
 */
class BudgetIT {
    static final long BUDGET = 12_000;
    static final double RPS = 1000;

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void aBudgetIsSpentExactlyAndNeverOverspentWhenANodeDies() throws Exception {
        try (Fleet fleet = Fleet.start("budget", 3, "majority", List.of())) {
            try {
                Fleet.Node via = fleet.node(0);
                long before = fleet.settledSinkCount();
                String clean = SessionApi.create(via, spec(fleet, "budget-clean"));
                JsonObject r1 = SessionApi.finalReport(via, clean, Duration.ofSeconds(60));
                long sink1 = fleet.settledSinkCount() - before;
                System.out.printf(Locale.ROOT, "budget: no fault: sink %d, report %d, asked %d%n", sink1,
                        SessionApi.reported(r1), BUDGET);

                long mid = fleet.settledSinkCount();
                String killed = SessionApi.create(via, spec(fleet, "budget-kill"));
                Fleet.await(Duration.ofSeconds(10)).until(() -> "RUNNING".equals(SessionApi.state(via, killed)));
                Fleet.await(Duration.ofSeconds(20)).until(() -> fleet.sinkStats().get("requests").getAsLong()
                        - mid > BUDGET / 3);
                Fleet.Node victim = fleet.node(2);
                fleet.kill9(victim);
                System.out.printf(Locale.ROOT, "budget: kill -9 %s after %d requests%n", victim,
                        fleet.sinkStats().get("requests").getAsLong() - mid);
                JsonObject r2 = SessionApi.finalReport(via, killed, Duration.ofSeconds(60));
                long sink2 = fleet.settledSinkCount() - mid;
                System.out.printf(Locale.ROOT, "budget: VERDICT no fault exactly %d: %s (sink %d); with a kill at most"
                                + " %d: %s (sink %d, report %d, %d never sent: granted to the dead node); state %s, %s%n",
                        BUDGET, sink1 == BUDGET ? "met" : "MISSED", sink1, BUDGET, sink2 <= BUDGET ? "met" : "MISSED",
                        sink2, SessionApi.reported(r2), BUDGET - sink2, SessionApi.state(via, killed),
                        SessionApi.session(via, killed).get("reason"));
                assertThat(sink1).as("no fault: the whole budget, exactly").isEqualTo(BUDGET);
                assertThat(SessionApi.reported(r1)).isEqualTo(BUDGET);
                assertThat(sink2).as("a node killed: never more than the budget").isLessThanOrEqualTo(BUDGET);
                assertThat(sink2).as("and the survivors spend the rest").isGreaterThan(BUDGET * 9 / 10);
            } catch (AssertionError | RuntimeException e) {
                fleet.dumpLogs();
                throw e;
            }
        }
    }

    private static String spec(Fleet fleet, String name) {
        return String.format(Locale.ROOT, "{\"name\":\"%s\",\"targets\":[{\"url\":\"%s/\"}],\"rps\":%d,"
                + "\"requests\":%d,\"duration\":\"60s\"}", name, fleet.sink(), (long) RPS, BUDGET);
    }
}
