package org.siegegrid.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

/** The bounded log as a pure value: numbering, the bound keeping the newest, reading by time and by number. */
class SessionEventLogTest {

    private static SessionEvent ev(long at, String kind) {
        return SessionEvent.of(at, kind, "a", kind + " at " + at);
    }

    @Test
    void onlyCreatedStartsALogAndEventsAreNumberedInAppendOrder() {
        assertThat(SessionEventLog.append(null, List.of(ev(5, "died")), 500)).as("a late write after the delete").isNull();
        assertThat(SessionEventLog.append(SessionEventLog.EMPTY, List.of(), 500)).isNull();
        SessionEventLog log = SessionEventLog.append(null, List.of(ev(1, "created"), ev(2, "started")), 500);
        log = SessionEventLog.append(log, List.of(ev(3, "drained")), 500);
        assertThat(log.events()).extracting(SessionEvent::seq).containsExactly(1L, 2L, 3L);
        assertThat(log.lastSeq()).isEqualTo(3);
        assertThat(log.next()).isEqualTo(4);
    }

    @Test
    void theBoundKeepsTheNewestAppendedAndTheNumbersGoOn() {
        SessionEventLog log = SessionEventLog.append(null, List.of(ev(0, "created")), SessionEventLog.MAX);
        for (int i = 1; i < 1_234; i++) {
            log = SessionEventLog.append(log, List.of(ev(i, "updated")), SessionEventLog.MAX);
        }
        assertThat(log.events()).hasSize(SessionEventLog.MAX);
        assertThat(log.events().get(0).seq()).isEqualTo(1_234 - SessionEventLog.MAX + 1);
        assertThat(log.events().get(SessionEventLog.MAX - 1).seq()).isEqualTo(1_234);
        assertThat(log.events()).extracting(SessionEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(735, 1_234).boxed().toList());
        // one append of more than the bound keeps its newest
        SessionEventLog big = SessionEventLog.append(log, new ArrayList<>(LongStream.range(0, 600)
                .mapToObj(i -> ev(10_000 + i, "capped")).toList()), SessionEventLog.MAX);
        assertThat(big.events()).hasSize(SessionEventLog.MAX);
        assertThat(big.events().get(0).at()).isEqualTo(10_100);
        assertThat(big.lastSeq()).isEqualTo(1_834);
    }

    @Test
    void readsAreOldestFirstByTimeEvenForALateWrite() {
        SessionEventLog log = SessionEventLog.append(null, List.of(ev(100, "created"), ev(300, "died")), 500);
        // written late (the node had no quorum) with the time it was lost
        log = SessionEventLog.append(log, List.of(ev(200, "quorum-lost"), ev(400, "quorum-regained")), 500);
        assertThat(log.since(-1)).extracting(SessionEvent::kind)
                .containsExactly("created", "quorum-lost", "died", "quorum-regained");
        assertThat(log.since(200)).extracting(SessionEvent::kind).containsExactly("died", "quorum-regained");
        assertThat(log.after(2)).extracting(SessionEvent::kind).containsExactly("quorum-lost", "quorum-regained");
        assertThat(log.after(4)).isEmpty();
    }
}
