package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.siegegrid.core.board.RoundResult;
import org.siegegrid.core.board.Share;
import org.siegegrid.core.session.SessionState;

class ShareScheduleTest {
    private static final Share HALF = new Share(0.5, 500, 0, 0);
    private static final Share THIRD = new Share(1 / 3.0, 333.3, 0, 0);
    private final ShareSchedule schedule = new ShareSchedule();

    private static RoundResult answer(Share now, Share next, long nextAt) {
        return new RoundResult(SessionState.RUNNING, 1, 7, now, 900, 10_000, 0, 0, next, nextAt);
    }

    @Test
    void aDecreaseIsMadeJustBeforeItsInstantAndAnIncreaseJustAfterIt() {
        schedule.inForce(schedule.take(answer(HALF, THIRD, 5_000)));
        assertThat(schedule.due(5_000 - ShareSchedule.SWITCH_EARLY_MILLIS - 1)).isNull();
        assertThat(schedule.due(5_000 - ShareSchedule.SWITCH_EARLY_MILLIS)).isEqualTo(THIRD);
        assertThat(schedule.due(6_000)).as("taken off the schedule").isNull();

        schedule.inForce(schedule.take(answer(THIRD, HALF, 8_000)));
        assertThat(schedule.due(8_000 + ShareSchedule.SWITCH_EARLY_MILLIS - 1)).isNull();
        assertThat(schedule.due(8_000 + ShareSchedule.SWITCH_EARLY_MILLIS)).isEqualTo(HALF);
    }

    @Test
    void theHandOverInstantIsKnownOnlyWhenTheShareIsScheduledToEnd() {
        schedule.inForce(schedule.take(answer(HALF, THIRD, 5_000)));
        assertThat(schedule.handOverAt()).isZero();
        schedule.inForce(schedule.take(answer(HALF, Share.ZERO, 6_000)));
        assertThat(schedule.handOverAt()).isEqualTo(6_000);
        assertThat(schedule.quota()).isEqualTo(900);
        assertThat(schedule.describe(5_000)).isEqualTo("until round 7, then 0.0 rps in 1000 ms");
    }

    @Test
    void anAnswerWithoutASwitchClearsTheOneBefore() {
        schedule.inForce(schedule.take(answer(HALF, THIRD, 5_000)));
        schedule.inForce(schedule.take(new RoundResult(SessionState.RUNNING, 1, 8, HALF, 900, 10_000, 0, 0)));
        assertThat(schedule.due(Long.MAX_VALUE)).isNull();
        assertThat(schedule.share()).isEqualTo(HALF);
    }
}
