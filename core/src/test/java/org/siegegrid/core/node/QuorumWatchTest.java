package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.Target;

/** The quorum's losses as passes see them, and the text of the events (no header value, no URL). */
class QuorumWatchTest {

    @Test
    void aLossIsToldOnceWhenTheQuorumIsBackWithTheTimeItWent() {
        QuorumWatch w = new QuorumWatch();
        assertThat(w.observe(false, 100, () -> "never had it")).as("a node starting without quorum lost none").isNull();
        assertThat(w.lost()).isFalse();
        assertThat(w.observe(true, 200, () -> "x")).isNull();
        assertThat(w.observe(false, 1_000, () -> "counted 1 of 2")).isNull();
        assertThat(w.observe(false, 1_500, () -> "counted 0 of 2")).isNull();
        assertThat(w.lost()).isTrue();
        QuorumWatch.Regained r = w.observe(true, 4_250, () -> "x");
        assertThat(r).isEqualTo(new QuorumWatch.Regained(1_000, 4_250, "counted 1 of 2"));
        assertThat(r.seconds()).isEqualTo(3.25);
        assertThat(w.observe(true, 5_000, () -> "x")).isNull();
        assertThat(w.observe(false, 6_000, () -> "again")).isNull();
        assertThat(w.observe(true, 7_000, () -> "x").lostAt()).isEqualTo(6_000);
    }

    @Test
    void detailsTellFiguresButNoHeaderValueNorUrl() {
        Target t = new Target("http://127.0.0.1:9/x?api_key=sekrit-q", "POST", java.util.Map.of("Authorization", "Bearer sekrit-h"), null);
        SessionSpec a = new SessionSpec("n", List.of(t), null, null, 20.0, null, null, null, false, 10, null,
                Duration.ofMinutes(5), Duration.ofSeconds(5), null, List.of());
        SessionSpec b = new SessionSpec("n", List.of(t, Target.get("http://127.0.0.1:9/y")), null, null, 32.5, null, null,
                null, false, 10, 1000L, Duration.ofMinutes(5), Duration.ofSeconds(5), null, List.of());
        assertThat(EventDetails.created(a)).isEqualTo("rps 20, duration 5m, 1 target (POST), engine native");
        assertThat(EventDetails.updated(a, b)).isEqualTo("rps: 20 -> 32.50; requests: null -> 1000; targets: 1 target (POST)"
                + " -> 2 targets (GET,POST)");
        assertThat(EventDetails.updated(a, a)).isEqualTo("spec unchanged");
        assertThat(EventDetails.created(b) + EventDetails.updated(a, b)).doesNotContain("sekrit", "127.0.0.1");
    }
}
