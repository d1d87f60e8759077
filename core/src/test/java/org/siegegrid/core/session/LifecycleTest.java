package org.siegegrid.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.siegegrid.core.board.NodeEntry;
import org.siegegrid.core.board.Share;
import org.siegegrid.core.board.Whiteboard;
import org.siegegrid.core.session.Lifecycle.Delete;
import org.siegegrid.core.session.Lifecycle.Event;
import org.siegegrid.core.session.Lifecycle.Finish;
import org.siegegrid.core.session.Lifecycle.Outcome;
import org.siegegrid.core.session.Lifecycle.Start;
import org.siegegrid.core.session.Lifecycle.Stop;
import org.siegegrid.core.session.Lifecycle.Tick;
import org.siegegrid.core.session.Lifecycle.Update;

/** The lifecycle as a table: (state, event, time) → (state, version, reason), with no cluster. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LifecycleTest {
    static final long T0 = 10_000;

    static SessionSpec spec(Double rps, Integer users, Duration duration, List<Stage> stages, Long requests) {
        return new SessionSpec("t", List.of(Target.get("http://127.0.0.1:9/")), null, null, rps, stages, users,
                null, false, null, requests, duration, null, null, null);
    }

    static final SessionSpec RATE_10S = spec(100.0, null, Duration.ofSeconds(10), null, null);
    static final SessionSpec USERS = spec(null, 5, null, null, null);

    static Session in(SessionState state) {
        Session s = Session.create("s1", RATE_10S, T0 - 1);
        if (state == SessionState.PENDING) {
            return s;
        }
        s = s.withState(SessionState.RUNNING).withStartedAt(T0);
        return switch (state) {
            case RUNNING -> s;
            case PAUSED -> s.withState(SessionState.PAUSED, Lifecycle.NO_CAPACITY);
            case STOPPING -> s.stopping(Lifecycle.STOPPED).withEndedAt(T0 + 1);
            case FINISHED -> s.stopping(Lifecycle.STOPPED).withEndedAt(T0 + 1).withState(SessionState.FINISHED, "x");
            case FAILED -> s.stopping(Lifecycle.STOPPED).withEndedAt(T0 + 1).withState(SessionState.FAILED, "x");
            default -> throw new IllegalArgumentException();
        };
    }

    /** from, event, at (ms after T0), expected state (null = refused), version change, reason after. */
    static Stream<Arguments> table() {
        SessionSpec faster = spec(200.0, null, Duration.ofSeconds(10), null, null);
        return Stream.of(
                Arguments.of(SessionState.PENDING, new Start(), 0, SessionState.RUNNING, 0, null),
                Arguments.of(SessionState.RUNNING, new Start(), 0, SessionState.RUNNING, 0, null),
                Arguments.of(SessionState.PENDING, new Tick(true), 0, SessionState.RUNNING, 0, null),
                Arguments.of(SessionState.RUNNING, new Tick(true), 5_000, SessionState.RUNNING, 0, null),
                Arguments.of(SessionState.RUNNING, new Tick(false), 5_000, SessionState.PAUSED, 0, Lifecycle.NO_CAPACITY),
                Arguments.of(SessionState.PAUSED, new Tick(false), 5_000, SessionState.PAUSED, 0, Lifecycle.NO_CAPACITY),
                Arguments.of(SessionState.PAUSED, new Tick(true), 5_000, SessionState.RUNNING, 0, null),
                Arguments.of(SessionState.RUNNING, new Tick(true), 9_999, SessionState.RUNNING, 0, null),
                Arguments.of(SessionState.RUNNING, new Tick(true), 10_000, SessionState.STOPPING, 1, Lifecycle.DURATION_REACHED),
                Arguments.of(SessionState.PAUSED, new Tick(false), 10_000, SessionState.STOPPING, 1, Lifecycle.DURATION_REACHED),
                Arguments.of(SessionState.STOPPING, new Tick(true), 99_000, SessionState.STOPPING, 0, Lifecycle.STOPPED),
                Arguments.of(SessionState.FINISHED, new Tick(true), 99_000, SessionState.FINISHED, 0, "x"),
                Arguments.of(SessionState.PENDING, new Stop(null), 0, SessionState.STOPPING, 1, Lifecycle.STOPPED),
                Arguments.of(SessionState.RUNNING, new Stop(null), 3_000, SessionState.STOPPING, 1, Lifecycle.STOPPED),
                Arguments.of(SessionState.PAUSED, new Stop("operator"), 3_000, SessionState.STOPPING, 1, "operator"),
                Arguments.of(SessionState.STOPPING, new Stop(null), 3_000, SessionState.STOPPING, 0, Lifecycle.STOPPED),
                Arguments.of(SessionState.FINISHED, new Stop(null), 3_000, null, 0, "x"),
                Arguments.of(SessionState.FAILED, new Stop(null), 3_000, null, 0, "x"),
                Arguments.of(SessionState.RUNNING, new Update(faster), 3_000, SessionState.RUNNING, 1, null),
                Arguments.of(SessionState.PAUSED, new Update(faster), 3_000, SessionState.PAUSED, 1, Lifecycle.NO_CAPACITY),
                Arguments.of(SessionState.RUNNING, new Update(USERS), 3_000, null, 0, null),
                Arguments.of(SessionState.STOPPING, new Update(faster), 3_000, null, 0, Lifecycle.STOPPED),
                Arguments.of(SessionState.FINISHED, new Update(faster), 3_000, null, 0, "x"),
                Arguments.of(SessionState.RUNNING, new Finish(false, null), 3_000, SessionState.RUNNING, 0, null),
                Arguments.of(SessionState.STOPPING, new Finish(false, null), 3_000, SessionState.FINISHED, 0, Lifecycle.STOPPED),
                Arguments.of(SessionState.STOPPING, new Finish(true, "no node sent"), 3_000, SessionState.FAILED, 0, "no node sent"),
                Arguments.of(SessionState.FINISHED, new Finish(true, "late"), 3_000, SessionState.FINISHED, 0, "x"),
                Arguments.of(SessionState.RUNNING, new Delete(), 3_000, null, 0, null),
                Arguments.of(SessionState.STOPPING, new Delete(), 3_000, null, 0, Lifecycle.STOPPED),
                Arguments.of(SessionState.FINISHED, new Delete(), 3_000, SessionState.FINISHED, 1, "x"));
    }

    @ParameterizedTest(name = "{0} + {1} at +{2} ms -> {3}")
    @MethodSource("table")
    void theTable(SessionState from, Event event, long at, SessionState to, int versionChange, String reason) {
        Session before = in(from);
        Outcome o = Lifecycle.apply(before, event, T0 + at);
        if (to == null) {
            assertThat(o.refused()).as("refused").isTrue();
            assertThat(o.changed()).isFalse();
            assertThat(o.session()).isSameAs(before);
            assertThat(o.refusal()).isNotBlank();
            return;
        }
        assertThat(o.refused()).as(o.refusal()).isFalse();
        assertThat(o.session().state()).isEqualTo(to);
        assertThat(o.session().version() - before.version()).isEqualTo(versionChange);
        assertThat(o.session().reason()).isEqualTo(reason);
        assertThat(o.changed()).isEqualTo(!o.session().equals(before));
        if (event instanceof Delete) {
            assertThat(o.session().deleted()).isTrue();
        }
    }

    @Test
    void startAndStopStampTheClusterTime() {
        Session started = Lifecycle.apply(in(SessionState.PENDING), new Start(), 12_345).session();
        assertThat(started.startedAt()).isEqualTo(12_345);
        Session stopped = Lifecycle.apply(started, new Stop(null), 15_000).session();
        assertThat(stopped.endedAt()).isEqualTo(15_000);
        Session ended = Lifecycle.apply(started, new Tick(true), 12_345 + 10_000).session();
        assertThat(ended.endedAt()).isEqualTo(22_345);
    }

    @Test
    void aDeletedOrAbsentSessionRefusesEverything() {
        Session gone = in(SessionState.FINISHED).tombstone();
        assertThat(Lifecycle.apply(gone, new Stop(null), T0).refused()).isTrue();
        assertThat(Lifecycle.apply(null, new Tick(true), T0).refused()).isTrue();
    }

    @Test
    void overIsOneAnswerForTimeStateAndTombstone() {
        Session running = in(SessionState.RUNNING);
        assertThat(Lifecycle.over(running, T0 + 9_999)).isFalse();
        assertThat(Lifecycle.over(running, T0 + 10_000)).as("past the duration before the coordinator says so").isTrue();
        assertThat(Lifecycle.over(in(SessionState.STOPPING), T0)).isTrue();
        assertThat(Lifecycle.over(in(SessionState.FINISHED), T0)).isTrue();
        assertThat(Lifecycle.over(in(SessionState.FINISHED).tombstone(), T0)).isTrue();
        assertThat(Lifecycle.over(in(SessionState.PENDING), T0 + 1_000_000)).as("not started, not over").isFalse();
        assertThat(Lifecycle.over(null, T0)).isTrue();
        Session forever = Session.create("u", USERS, 0).withState(SessionState.RUNNING).withStartedAt(T0);
        assertThat(Lifecycle.over(forever, Long.MAX_VALUE - 1)).isFalse();
        assertThat(Lifecycle.endsAt(forever)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void stagesEndTheSessionAtTheirTotalLength() {
        SessionSpec ramp = spec(null, null, null, List.of(new Stage(Duration.ofSeconds(2), 100),
                new Stage(Duration.ofMillis(1500), 300)), null);
        Session s = Session.create("r", ramp, 0).withState(SessionState.RUNNING).withStartedAt(T0);
        assertThat(Lifecycle.endsAt(s)).isEqualTo(T0 + 3_500);
        assertThat(Lifecycle.endReason(s, T0 + 3_499)).isNull();
        assertThat(Lifecycle.endReason(s, T0 + 3_500)).isEqualTo(Lifecycle.LAST_STAGE_ENDED);
        SessionSpec shorter = spec(null, null, Duration.ofSeconds(1), ramp.stages(), null);
        Session cut = Session.create("r", shorter, 0).withState(SessionState.RUNNING).withStartedAt(T0);
        assertThat(Lifecycle.endsAt(cut)).as("a duration shorter than the stages wins").isEqualTo(T0 + 1_000);
    }

    @Test
    void aSpentBudgetEndsTheSessionOnlyOnceGrantedRequestsAreDone() {
        SessionSpec budget = spec(100.0, null, null, null, 500L);
        Session s = Session.create("b", budget, 0).withState(SessionState.RUNNING).withStartedAt(T0);
        NodeEntry busy = new NodeEntry("a", 1, 0, 0, 500, 480, 0, 500, Share.ZERO, T0, T0 + 3_000, false);
        TreeMap<String, NodeEntry> entries = new TreeMap<>();
        entries.put("a", busy);
        Session spent = s.withBoard(new Whiteboard(3, entries, 500, 100, 0, T0));
        assertThat(Lifecycle.endReason(spent, T0 + 1_000)).as("20 still in flight").isNull();
        assertThat(Lifecycle.endReason(spent, T0 + 3_000)).as("the node's lease ran out").isEqualTo(Lifecycle.BUDGET_SPENT);
        entries.put("a", new NodeEntry("a", 1, 0, 0, 500, 500, 0, 500, Share.ZERO, T0, T0 + 3_000, false));
        Session done = s.withBoard(new Whiteboard(4, entries, 500, 100, 0, T0));
        assertThat(Lifecycle.endReason(done, T0 + 1_000)).isEqualTo(Lifecycle.BUDGET_SPENT);
        assertThat(Lifecycle.endReason(s, T0 + 1_000)).as("nothing granted yet").isNull();
    }
}
