package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CapacityEstimatorTest {

    @Test
    void keepingUpReportsNoCeiling() {
        CapacityEstimator est = new CapacityEstimator(0);
        for (int i = 0; i < 30; i++) {
            est.observe(1000, 990);
        }
        assertThat(est.cap()).isZero();
        assertThat(est.limited()).isFalse();
    }

    @Test
    void threeSecondsBehindReportTheMeasuredCeiling() {
        CapacityEstimator est = new CapacityEstimator(0);
        est.observe(1000, 400);
        est.observe(1000, 420);
        assertThat(est.cap()).isZero();
        est.observe(1000, 440);
        assertThat(est.cap()).isEqualTo(420.0);
        assertThat(est.limited()).isTrue();
    }

    @Test
    void secondsBehindBecauseTheServerSlowedDownOrWentSilentAreNoCeiling() {
        CapacityEstimator est = new CapacityEstimator(0);
        for (int i = 0; i < 5; i++) {
            est.observe(1000, 1000, false, 1.0);   // keeping up, the server answering in 1 ms
        }
        for (int i = 0; i < 10; i++) {   // a stall (answers 500 ms late) or a silent target (no answer at all)
            est.observe(1000, i % 2 == 0 ? 0 : 150, false, i % 2 == 0 ? Double.NaN : 500.0);
        }
        assertThat(est.cap()).as("the target's stall is not the node's ceiling").isZero();
        est.observe(1000, 400, true, 1.0);
        est.observe(1000, 420, true, 1.0);
        est.observe(1000, 440, true, 1.0);   // behind with connections free: the node's own limit
        assertThat(est.cap()).isEqualTo(420.0);
    }

    @Test
    void tooFewConnectionsAtTheServersUsualSpeedAreTheNodesCeiling() {
        CapacityEstimator est = new CapacityEstimator(0);
        est.observe(1000, 100, false, 20.0);   // 2 connections, 20 ms answers: 100 rps, from the first second
        est.observe(1000, 98, false, 20.0);
        est.observe(1000, 96, false, 20.0);
        assertThat(est.cap()).isEqualTo(98.0);
        for (int i = 0; i < CapacityEstimator.PROBE_SECONDS; i++) {
            est.observe(98, 98, false, 20.0);   // keeps up at its ceiling: probes twice as much
        }
        assertThat(est.cap()).isEqualTo(196.0);
        est.observe(196, 100, false, 21.0);
        est.observe(196, 100, false, 21.0);
        est.observe(196, 100, false, 21.0);   // the server as fast as usual: still the node's connections
        assertThat(est.cap()).isEqualTo(100.0);
    }

    @Test
    void aSecondTheServerSlowedBreaksARunOfSecondsBehind() {
        CapacityEstimator est = new CapacityEstimator(0);
        est.observe(1000, 1000, false, 1.0);
        est.observe(1000, 400, true, 1.0);
        est.observe(1000, 400, true, 1.0);
        est.observe(1000, 100, false, Double.NaN);
        est.observe(1000, 400, true, 1.0);
        assertThat(est.cap()).isZero();
    }

    @Test
    void aSingleBadSecondIsNotACeiling() {
        CapacityEstimator est = new CapacityEstimator(0);
        est.observe(1000, 100);
        est.observe(1000, 1000);
        est.observe(1000, 100);
        est.observe(1000, 1000);
        assertThat(est.cap()).isZero();
    }

    @Test
    void probesUpwardAfterKeepingUpAtTheCeiling() {
        CapacityEstimator est = new CapacityEstimator(0);
        for (int i = 0; i < 3; i++) {
            est.observe(1000, 500);
        }
        assertThat(est.cap()).isEqualTo(500.0);
        for (int i = 0; i < CapacityEstimator.PROBE_SECONDS; i++) {
            est.observe(500, 500);
        }
        assertThat(est.cap()).isEqualTo(1000.0);
    }

    @Test
    void noProbeWhileTheCeilingDoesNotBind() {
        CapacityEstimator est = new CapacityEstimator(0);
        for (int i = 0; i < 3; i++) {
            est.observe(1000, 500);
        }
        for (int i = 0; i < 30; i++) {
            est.observe(100, 100);
        }
        assertThat(est.cap()).isEqualTo(500.0);
    }

    @Test
    void configuredCapBoundsTheEstimate() {
        CapacityEstimator est = new CapacityEstimator(300);
        assertThat(est.cap()).isEqualTo(300.0);
        for (int i = 0; i < 3; i++) {
            est.observe(300, 100);
        }
        assertThat(est.cap()).isEqualTo(100.0);
        for (int i = 0; i < 200; i++) {
            est.observe((long) est.cap(), (long) est.cap());
        }
        assertThat(est.cap()).isEqualTo(300.0);
    }

    @Test
    void idleSecondsResetTheBehindRun() {
        CapacityEstimator est = new CapacityEstimator(0);
        est.observe(1000, 100);
        est.observe(1000, 100);
        est.observe(0, 0);
        est.observe(1000, 100);
        assertThat(est.cap()).isZero();
    }

    @Test
    void rejectsBadCaps() {
        assertThatThrownBy(() -> new CapacityEstimator(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CapacityEstimator(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
