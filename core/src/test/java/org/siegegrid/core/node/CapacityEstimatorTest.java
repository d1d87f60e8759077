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
    void secondsBehindBecauseTheServerHeldEveryConnectionAreNoCeiling() {
        CapacityEstimator est = new CapacityEstimator(0);
        for (int i = 0; i < 10; i++) {   // a stalled or silent target: far behind, every connection busy
            est.observe(1000, i % 2 == 0 ? 0 : 150, false);
        }
        assertThat(est.cap()).as("the target's stall is not the node's ceiling").isZero();
        est.observe(1000, 400, true);
        est.observe(1000, 420, true);
        est.observe(1000, 440, true);   // behind with connections free: the node's own limit
        assertThat(est.cap()).isEqualTo(420.0);
    }

    @Test
    void aSecondTheServerHeldBreaksARunOfSecondsBehind() {
        CapacityEstimator est = new CapacityEstimator(0);
        est.observe(1000, 400, true);
        est.observe(1000, 400, true);
        est.observe(1000, 100, false);
        est.observe(1000, 400, true);
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
