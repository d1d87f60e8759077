package org.siegegrid.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.siegegrid.core.board.Whiteboard;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SessionTest {

    static final SessionSpec SPEC = new SessionSpec("t", List.of(Target.get("http://127.0.0.1:9/")), null, null,
            100.0, null, null, null, false, null, null, null, null, null, null);

    @Test
    void aNewSessionIsPendingAtVersionOne() {
        Session s = Session.create("s1", SPEC, 1234);
        assertThat(s.state()).isEqualTo(SessionState.PENDING);
        assertThat(s.version()).isEqualTo(1);
        assertThat(s.board()).isEqualTo(Whiteboard.EMPTY);
        assertThat(s.createdAt()).isEqualTo(1234);
        assertThat(s.startedAt()).isZero();
        assertThat(s.deleted()).isFalse();
        assertThat(s.running()).isFalse();
    }

    @Test
    void specChangesStopsAndDeletesBumpTheVersionRoundsAndStateChangesDoNot() {
        Session s = Session.create("s1", SPEC, 0);
        assertThat(s.withSpec(SPEC).version()).isEqualTo(2);
        assertThat(s.withState(SessionState.RUNNING).version()).isEqualTo(1);
        assertThat(s.withBoard(Whiteboard.EMPTY).version()).isEqualTo(1);
        Session stopping = s.withState(SessionState.RUNNING).stopping("user");
        assertThat(stopping.state()).isEqualTo(SessionState.STOPPING);
        assertThat(stopping.version()).isEqualTo(2);
        assertThat(stopping.reason()).isEqualTo("user");
        Session gone = stopping.tombstone();
        assertThat(gone.deleted()).isTrue();
        assertThat(gone.version()).isEqualTo(3);
        assertThat(gone.running()).isFalse();
    }

    @Test
    void copiesChangeOnlyWhatTheySay() {
        Session s = Session.create("s1", SPEC, 5).withState(SessionState.FAILED, "boom").withStartedAt(6).withEndedAt(7);
        assertThat(s).extracting(Session::id, Session::state, Session::reason, Session::createdAt, Session::startedAt,
                Session::endedAt).containsExactly("s1", SessionState.FAILED, "boom", 5L, 6L, 7L);
        assertThat(s.withState(SessionState.RUNNING).reason()).as("a reason belongs to its state").isNull();
        assertThat(s.withVersion(9).version()).isEqualTo(9);
        assertThat(new Session("x", SPEC, SessionState.PENDING, 1, null, 0, 0, 0, false, null).board())
                .isEqualTo(Whiteboard.EMPTY);
        assertThatThrownBy(() -> new Session(null, SPEC, SessionState.PENDING, 1, null, 0, 0, 0, false, null))
                .isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @EnumSource(SessionState.class)
    void onlyFinishedAndFailedAreTerminal(SessionState st) {
        assertThat(st.terminal()).isEqualTo(st == SessionState.FINISHED || st == SessionState.FAILED);
        assertThat(Session.create("s", SPEC, 0).withState(st).running()).isEqualTo(st == SessionState.RUNNING);
    }
}
