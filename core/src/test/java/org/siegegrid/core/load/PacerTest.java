package org.siegegrid.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.siegegrid.core.session.Stage;

@Timeout(60)
class PacerTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 7 * S + 123_456_789L; // an arbitrary clock reading

    /** Sends every due request at its due time until {@code until}; returns how many were sent in [from, until). */
    private static long run(Pacer p, FakeTicker clock, long from, long until) {
        long sent = 0;
        while (true) {
            long due = p.nextDue();
            if (due == Pacer.NEVER || due >= until) {
                clock.set(until);
                return sent;
            }
            clock.set(Math.max(clock.nanoTime(), due));
            p.dropOverdue(clock.nanoTime());
            if (p.nextDue() > clock.nanoTime()) {
                continue;
            }
            long intended = p.advance();
            if (intended >= from) {
                sent++;
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        // rps, fraction, n, expected nanos after the anchor
        "1000, 1.0, 0, 0",
        "1000, 1.0, 1, 1000000",
        "1000, 1.0, 999, 999000000",
        "1000, 0.5, 1, 2000000",
        "3, 1.0, 1, 333333333",
        "3, 1.0, 3, 1000000000",
        "10, 0.25, 1, 400000000",
    })
    void exactDueTimes(double rps, double fraction, long n, long expected) {
        Pacer p = new Pacer(RateProfile.constant(rps), T0, S);
        p.start(T0, fraction, 0);
        assertThat(p.dueNanos(n) - T0).isEqualTo(expected);
    }

    @Test
    void noDriftOverAMillionRequests() {
        FakeTicker clock = new FakeTicker(T0);
        Pacer p = new Pacer(RateProfile.constant(1000), T0, S);
        p.start(T0, 1.0, 0);
        long last = 0;
        for (int i = 0; i < 1_000_000; i++) {
            long due = p.nextDue();
            assertThat(due).isGreaterThanOrEqualTo(last);
            clock.set(due);
            last = p.advance();
        }
        long due = p.nextDue(); // request 10^6
        System.out.printf("request 10^6 due %d ns after the anchor%n", due - T0);
        assertThat(Math.abs(due - T0 - 1000 * S)).isLessThanOrEqualTo(1_000);
    }

    @Test
    void noDriftWhenAnchoredLateInTheProfile() {
        // the profile origin is an hour before the anchor: still exact to the microsecond
        long origin = T0 - 3600 * S;
        Pacer p = new Pacer(RateProfile.constant(1000), origin, S);
        p.start(T0, 1.0, 0);
        assertThat(Math.abs(p.dueNanos(1_000_000) - T0 - 1000 * S)).isLessThanOrEqualTo(1_000);
    }

    @ParameterizedTest
    @CsvSource({
        // before, after (fractions of a 1000 rps profile), change offset into the second (ns)
        "1.0, 0.5, 0",
        "1.0, 2.0, 0",
        "0.3, 1.7, 456789",
        "2.0, 0.1, 999999",
        "1.0, 1.0, 333",
    })
    void rateChangeAppliesAtOnceWithoutBurst(double before, double after, long offset) {
        FakeTicker clock = new FakeTicker(T0);
        Pacer p = new Pacer(RateProfile.constant(1000), T0, S);
        p.start(T0, before, 0);
        long change = T0 + S + offset;
        long first = run(p, clock, T0, change);
        p.retune(change, after);
        long window = run(p, clock, change, change + S);
        long next = run(p, clock, change + S, change + 2 * S);
        System.out.printf("%.1f -> %.1f: %d before, %d in the next second, %d after%n",
                before, after, first, window, next);
        assertThat((double) window).isCloseTo(1000 * after, within(1.0));
        assertThat((double) next).isCloseTo(1000 * after, within(1.0));
        // the first request after the change is never earlier than the change and never bunched up
        assertThat(first).isLessThanOrEqualTo(Math.round(1000 * before * (1 + offset / 1e9)) + 1);
    }

    @Test
    void zeroRateOrFractionSendsNothing() {
        FakeTicker clock = new FakeTicker(T0);
        Pacer zeroRate = new Pacer(RateProfile.constant(0), T0, S);
        zeroRate.start(T0, 1.0, 0);
        assertThat(run(zeroRate, clock, T0, T0 + 100 * S)).isZero();

        Pacer zeroFraction = new Pacer(RateProfile.constant(5000), T0, S);
        zeroFraction.start(T0, 0.0, 0);
        assertThat(zeroFraction.nextDue()).isEqualTo(Pacer.NEVER);
        assertThat(run(zeroFraction, clock, clock.nanoTime(), clock.nanoTime() + 10 * S)).isZero();

        // back up from zero: the rate resumes without a burst
        long now = clock.nanoTime();
        zeroFraction.retune(now, 0.001);
        assertThat(run(zeroFraction, clock, now, now + S)).isLessThanOrEqualTo(5);
    }

    @Test
    void stagesRampCountsMatchTheReference() {
        List<Stage> stages = List.of(new Stage(Duration.ofSeconds(4), 500), new Stage(Duration.ofSeconds(3), 500),
                new Stage(Duration.ofSeconds(3), 100));
        ReferenceProfile ref = new ReferenceProfile(stages);
        FakeTicker clock = new FakeTicker(T0);
        Pacer p = new Pacer(RateProfile.stages(stages), T0, S);
        p.start(T0, 1.0, 0);
        long total = 0;
        for (int sec = 0; sec < 10; sec++) {
            long got = run(p, clock, T0 + sec * S, T0 + (sec + 1) * S);
            double want = ref.count(sec + 1, 1e-4) - ref.count(sec, 1e-4);
            assertThat((double) got).as("second %d", sec).isCloseTo(want, within(1.0));
            total += got;
        }
        assertThat(total).isEqualTo(Math.round(ref.count(10, 1e-4)));
        assertThat(p.nextDue()).isEqualTo(Pacer.NEVER);
        assertThat(p.ended(T0 + 10 * S)).isTrue();
        System.out.printf("stages: %d requests in 10 s (reference %.3f)%n", total, ref.count(10, 1e-4));
    }

    @Test
    void lateBeyondTheBoundIsDroppedAndReanchored() {
        Pacer p = new Pacer(RateProfile.constant(100), T0, S);
        p.start(T0, 1.0, 0);
        p.advance(); // request 0 sent at T0
        // the sender stalls for 5 s
        long now = T0 + 5 * S + 5_000_000;
        long dropped = p.dropOverdue(now);
        assertThat(dropped).isEqualTo(500); // requests 1..500 were due by now
        assertThat(p.nextDue()).isGreaterThanOrEqualTo(now);
        assertThat(p.nextDue() - now).isLessThanOrEqualTo(10_000_000);
        // the following second has the plain rate: no burst
        FakeTicker clock = new FakeTicker(now);
        assertThat(run(p, clock, now, now + S)).isBetween(99L, 101L);
    }

    @Test
    void lateWithinTheBoundIsSentWithItsIntendedTime() {
        Pacer p = new Pacer(RateProfile.constant(100), T0, S);
        p.start(T0, 1.0, 0);
        long now = T0 + 500_000_000; // half a second late
        assertThat(p.dropOverdue(now)).isZero();
        int sent = 0;
        while (p.nextDue() <= now) {
            long intended = p.advance();
            assertThat(intended).isEqualTo(T0 + sent * 10_000_000L);
            sent++;
        }
        assertThat(sent).isEqualTo(51);
    }

    @Test
    void pauseSendsNothingAndResumeNeverCatchesUp() {
        FakeTicker clock = new FakeTicker(T0);
        Pacer p = new Pacer(RateProfile.constant(1000), T0, S);
        p.start(T0, 1.0, 0);
        run(p, clock, T0, T0 + S);
        p.pause(T0 + S);
        assertThat(p.nextDue()).isEqualTo(Pacer.NEVER);
        long later = T0 + 60 * S;
        p.resume(later);
        assertThat(p.nextDue()).isEqualTo(later);
        clock.set(later);
        assertThat(run(p, clock, later, later + S)).isEqualTo(1000);
    }

    @Test
    void phaseInterleavesSenders() {
        Pacer a = new Pacer(RateProfile.constant(1000), T0, S);
        Pacer b = new Pacer(RateProfile.constant(1000), T0, S);
        a.start(T0, 0.5, 0);
        b.start(T0, 0.5, 0.5);
        assertThat(a.dueNanos(0) - T0).isZero();
        assertThat(b.dueNanos(0) - T0).isEqualTo(1_000_000);
        assertThat(a.dueNanos(1) - T0).isEqualTo(2_000_000);
        assertThat(b.dueNanos(1) - T0).isEqualTo(3_000_000);
    }

    @Test
    void resumeKeepsThePhaseSoSendersStayInterleaved() {
        Pacer a = new Pacer(RateProfile.constant(1000), T0, S);
        Pacer b = new Pacer(RateProfile.constant(1000), T0, S);
        a.start(T0, 0.5, 0);
        b.start(T0, 0.5, 0.5);
        long pausedAt = T0 + 300_500_000L;
        for (Pacer p : List.of(a, b)) {
            while (p.nextDue() <= pausedAt) {
                p.advance();
            }
            p.pause(pausedAt);
        }
        long later = pausedAt + 500_000_000L;
        a.resume(later);
        b.resume(later);
        // both go on in their own slots (a on even, b on odd milliseconds): never together, never early
        assertThat(a.dueNanos(a.next()) - T0).isEqualTo(802_000_000L);
        assertThat(b.dueNanos(b.next()) - T0).isEqualTo(801_000_000L);
        assertThat(a.dueNanos(a.next() + 1) - T0).isEqualTo(804_000_000L);
        assertThat(b.dueNanos(b.next() + 1) - T0).isEqualTo(803_000_000L);
    }

    @Test
    void aResumeNeverSendsEarlierThanTheSlotTheScheduleHad() {
        Pacer p = new Pacer(RateProfile.constant(1), T0, S);
        p.start(T0, 1.0, 0);
        assertThat(p.advance()).isEqualTo(T0);            // request 0 at 0 s
        assertThat(p.advance()).isEqualTo(T0 + S);        // request 1 at 1 s
        p.pause(T0 + 1_300_000_000L);                     // a short pause between two slots
        p.resume(T0 + 1_500_000_000L);
        assertThat(p.nextDue()).as("request 2 keeps its slot at 2 s").isEqualTo(T0 + 2 * S);
        p.pause(T0 + 1_900_000_000L);                     // a pause over a slot: request 2 is skipped
        p.resume(T0 + 2_100_000_000L);
        assertThat(p.next()).isEqualTo(3);
        assertThat(p.nextDue()).isEqualTo(T0 + 3 * S);
    }
}
