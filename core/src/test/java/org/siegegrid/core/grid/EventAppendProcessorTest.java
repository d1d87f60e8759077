package org.siegegrid.core.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.session.SessionEvent;
import org.siegegrid.core.session.SessionEventLog;

/**
 * The event log's append on a real (in-JVM) cluster: writers on two members at once lose no event and
 * number them without a gap; the bound keeps the newest 500 appended; a deleted log is not revived.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventAppendProcessorTest {
    private static final int WRITERS = 8;
    private static final int EACH = 100;

    @Test
    void concurrentAppendsFromTwoMembersLoseNothingAndTheBoundKeepsTheNewest() throws Exception {
        try (ClusterFixture c = new ClusterFixture()) {
            Grid a = c.start("a", Quorum.OFF, 1);
            Grid b = c.start("b", Quorum.OFF, 1);
            for (String id : List.of("s-small", "s-bounded")) {
                assertThat(a.appendEvents(id, List.of(SessionEvent.of(0, "created", null, "")))).isEqualTo(1);
            }
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    Grid g = w % 2 == 0 ? a : b;
                    String writer = "w" + w;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < EACH; i++) {
                            SessionEvent e = SessionEvent.of(i + 1, "updated", writer, writer + "#" + i);
                            g.events().executeOnKey("s-small", new EventAppendProcessor(List.of(e), 10_000));
                            g.appendEvents("s-bounded", List.of(e));
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(40, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            int total = WRITERS * EACH + 1;
            SessionEventLog all = b.events().get("s-small");
            assertThat(all.events()).hasSize(total);
            assertThat(all.events()).extracting(SessionEvent::seq).doesNotHaveDuplicates();
            assertThat(all.lastSeq()).isEqualTo(total);
            Set<String> details = new TreeSet<>();
            all.events().forEach(e -> details.add(e.detail()));
            assertThat(details).hasSize(total);   // every writer's every event, and the created one

            SessionEventLog bounded = a.events().get("s-bounded");
            assertThat(bounded.events()).hasSize(SessionEventLog.MAX);
            assertThat(bounded.lastSeq()).isEqualTo(total);
            assertThat(bounded.events().get(0).seq()).isEqualTo(total - SessionEventLog.MAX + 1);
            // each writer's events that are kept are its newest, in its own order
            for (int w = 0; w < WRITERS; w++) {
                String writer = "w" + w;
                List<String> mine = bounded.events().stream().filter(e -> writer.equals(e.node()))
                        .map(SessionEvent::detail).toList();
                List<String> expected = new ArrayList<>();
                for (int i = EACH - mine.size(); i < EACH; i++) {
                    expected.add(writer + "#" + i);
                }
                assertThat(mine).as(writer).containsExactlyElementsOf(expected);
            }

            a.events().delete("s-small");
            assertThat(b.appendEvents("s-small", List.of(SessionEvent.of(9, "died", "b", "late")))).isZero();
            assertThat(a.events().containsKey("s-small")).as("a late write does not revive a deleted log").isFalse();
        }
    }
}
