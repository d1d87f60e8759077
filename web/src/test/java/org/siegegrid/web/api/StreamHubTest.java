package org.siegegrid.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hub with fake sinks and manual ticks: one computation per tick, stalled subscribers dropped, clean-up. */
class StreamHubTest {
    /** A period no test reaches: ticks are called by hand. */
    private final StreamHub hub = new StreamHub(3, 2, 3_600_000);

    @AfterEach
    void close() {
        hub.close();
    }

    /** Records what it was sent; {@code writes} false = a client that stopped reading (nothing is ever written). */
    static final class FakeSink implements StreamSink {
        final List<String> frames = new CopyOnWriteArrayList<>();
        final boolean writes;
        volatile boolean closed;
        volatile boolean ended;

        FakeSink(boolean writes) {
            this.writes = writes;
        }

        @Override
        public void send(String event, String id, String data, Runnable written, Consumer<Exception> failed) {
            frames.add(event + "#" + id + " " + data);
            if (writes) {
                written.run();
            }
        }

        @Override
        public void end() {
            ended = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Counts its computations. */
    static final class CountingSource implements FrameSource {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Result next(long seq) {
            JsonObject o = new JsonObject();
            o.addProperty("seq", seq);
            o.addProperty("call", calls.incrementAndGet());
            return Result.of("test", o);
        }
    }

    @Test
    void everySubscriberGetsTheSameFrameComputedOncePerTick() {
        CountingSource src = new CountingSource();
        List<FakeSink> sinks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FakeSink s = new FakeSink(true);
            sinks.add(s);
            assertThat(hub.subscribe("t", () -> src, s)).isNotNull();
        }
        for (int i = 0; i < 4; i++) {
            hub.tick();
        }
        assertThat(src.calls).as("one computation per tick, not one per subscriber").hasValue(4);
        assertThat(hub.computed("t")).isEqualTo(4);
        assertThat(sinks.get(0).frames).hasSize(4).startsWith("test#1 {\"seq\":1,\"call\":1}");
        assertThat(sinks.get(1).frames).isEqualTo(sinks.get(0).frames);
        assertThat(sinks.get(2).frames).isEqualTo(sinks.get(0).frames);
    }

    @Test
    void aLateSubscriberGetsTheLastFrameAtOnceWithoutARecomputation() {
        CountingSource src = new CountingSource();
        hub.subscribe("t", () -> src, new FakeSink(true));
        hub.tick();
        FakeSink late = new FakeSink(true);
        hub.subscribe("t", () -> src, late);
        assertThat(late.frames).containsExactly("test#1 {\"seq\":1,\"call\":1}");
        assertThat(src.calls).hasValue(1);
    }

    @Test
    void aStalledSubscriberIsDroppedAndTheOthersGetEveryFrame() {
        CountingSource src = new CountingSource();
        FakeSink good = new FakeSink(true);
        FakeSink stalled = new FakeSink(false);
        hub.subscribe("t", () -> src, good);
        StreamSubscriber bad = hub.subscribe("t", () -> src, stalled);
        for (int i = 0; i < 10; i++) {
            hub.tick();
        }
        assertThat(good.frames).hasSize(10);
        assertThat(stalled.frames).as("maxPending = 2: two frames queued, the third drops it").hasSize(2);
        assertThat(stalled.closed).isTrue();
        assertThat(bad.closed()).isTrue();
        assertThat(bad.closeReason()).startsWith("stalled");
        assertThat(hub.subscribers()).isEqualTo(1);
    }

    @Test
    void theLastSubscriberLeavingStopsTheComputation() {
        CountingSource src = new CountingSource();
        StreamSubscriber a = hub.subscribe("t", () -> src, new FakeSink(true));
        StreamSubscriber b = hub.subscribe("t", () -> src, new FakeSink(true));
        hub.tick();
        a.close("test");
        hub.tick();
        assertThat(hub.topics()).containsExactly("t");
        b.close("test");
        b.close("twice is harmless");
        assertThat(hub.topics()).isEmpty();
        assertThat(hub.subscribers()).isZero();
        hub.tick();
        assertThat(src.calls).hasValue(2);
    }

    @Test
    void subscribersAreBoundedAndCloseEndsThemAll() {
        List<FakeSink> sinks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FakeSink s = new FakeSink(true);
            sinks.add(s);
            assertThat(hub.subscribe("t" + (i % 2), CountingSource::new, s)).isNotNull();
        }
        assertThat(hub.subscribe("t", CountingSource::new, new FakeSink(true))).as("the fourth of at most 3").isNull();
        hub.close();
        assertThat(sinks).allMatch(s -> s.closed);
        assertThat(hub.subscribers()).isZero();
        assertThat(hub.topics()).isEmpty();
        assertThat(hub.subscribe("t", CountingSource::new, new FakeSink(true))).isNull();
    }

    @Test
    void aFailingSourceGivesAnUnavailableFrameAndTheNextTickTriesAgain() {
        AtomicInteger n = new AtomicInteger();
        FrameSource flaky = seq -> {
            if (n.incrementAndGet() == 1) {
                throw ApiError.unavailable("no quorum");
            }
            JsonObject o = new JsonObject();
            o.addProperty("seq", seq);
            return FrameSource.Result.of("test", o);
        };
        FakeSink s = new FakeSink(true);
        hub.subscribe("t", () -> flaky, s);
        hub.tick();
        hub.tick();
        assertThat(s.frames).containsExactly("unavailable#1 {\"seq\":1,\"error\":\"no quorum\"}", "test#2 {\"seq\":2}");
    }

    @Test
    void aLastFrameClosesItsSubscribersAndEndsTheTopic() {
        FrameSource gone = seq -> new FrameSource.Result("gone", new JsonObject(), true);
        FakeSink s = new FakeSink(true);
        hub.subscribe("t", () -> gone, s);
        hub.tick();
        assertThat(s.frames).containsExactly("gone#1 {}");
        assertThat(s.ended).as("closed once the frame is written").isTrue();
        assertThat(s.closed).isFalse();
        assertThat(hub.subscribers()).isZero();
        assertThat(hub.topics()).isEmpty();
    }

    @Test
    void aReconnectWithLastEventIdGetsTheKeptFramesAfterItAndIdsKeepGrowingOverAForgottenTopic() {
        StreamHub big = new StreamHub(10, 5, 3_600_000);
        try {
            CountingSource src = new CountingSource();
            FakeSink first = new FakeSink(true);
            StreamSubscriber sub = big.subscribe("t", () -> src, first);
            for (int i = 0; i < 6; i++) {
                big.tick();
            }
            assertThat(first.frames).hasSize(6).allMatch(f -> f.startsWith("test#"));
            // reconnects having got frame 3: the kept ones after it (4 are kept: maxPending - 1), in order
            FakeSink back = new FakeSink(true);
            big.subscribe("t", () -> src, back, "3");
            assertThat(back.frames).extracting(f -> f.substring(0, f.indexOf(' '))).containsExactly("test#4", "test#5", "test#6");
            // having missed more than is kept: all the kept ones; having missed none: none; a foreign id: the last
            FakeSink far = new FakeSink(true);
            big.subscribe("t", () -> src, far, "1");
            assertThat(far.frames).extracting(f -> f.substring(0, f.indexOf(' ')))
                    .containsExactly("test#3", "test#4", "test#5", "test#6");
            FakeSink upToDate = new FakeSink(true);
            big.subscribe("t", () -> src, upToDate, "6");
            assertThat(upToDate.frames).isEmpty();
            FakeSink foreign = new FakeSink(true);
            big.subscribe("t", () -> src, foreign, "not-a-number");
            assertThat(foreign.frames).extracting(f -> f.substring(0, f.indexOf(' '))).containsExactly("test#6");
            assertThat(src.calls.get()).as("replays compute nothing").isEqualTo(6);

            assertThat(sub.closed()).isFalse();
        } finally {
            big.close();
        }
        // every subscriber gone: the topic is forgotten; watched again, its ids go on from the hub's count
        StreamHub again = new StreamHub(10, 5, 3_600_000);
        try {
            FakeSink a = new FakeSink(true);
            StreamSubscriber s1 = again.subscribe("x", CountingSource::new, a);
            again.tick();
            again.tick();
            s1.close("gone");
            assertThat(again.topics()).isEmpty();
            FakeSink b = new FakeSink(true);
            again.subscribe("x", CountingSource::new, b, "2");
            again.tick();
            assertThat(b.frames).hasSize(1);
            assertThat(b.frames.get(0)).startsWith("test#3 ").contains("\"seq\":3");
        } finally {
            again.close();
        }
    }
}
