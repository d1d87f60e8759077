package org.siegegrid.core.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.hazelcast.cluster.Member;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MajorityQuorumFunctionTest {

    /** A member that only answers what the function asks: its node-id attribute and a UUID. */
    static Member member(String nodeId) {
        UUID uuid = UUID.randomUUID();   // a new UUID every time: as after a merge
        return (Member) Proxy.newProxyInstance(Member.class.getClassLoader(), new Class<?>[]{Member.class},
                (p, m, args) -> switch (m.getName()) {
                    case "getAttribute" -> GridConfigFactory.NODE_ID_ATTRIBUTE.equals(args[0]) ? nodeId : null;
                    case "getUuid" -> uuid;
                    case "localMember" -> "a".equals(nodeId);   // the tests look from a
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    case "toString" -> "member " + nodeId;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void aMajorityOfTheMembersSeenIsNeeded() {
        MajorityQuorumFunction f = new MajorityQuorumFunction();
        assertThat(f.apply(List.of(member("a")))).as("alone at start: 1 of 1").isTrue();
        assertThat(f.apply(List.of(member("a"), member("b"), member("c")))).isTrue();
        assertThat(f.apply(List.of(member("a"), member("b")))).as("2 of 3").isTrue();
        assertThat(f.apply(List.of(member("c")))).as("1 of 3").isFalse();
        assertThat(f.apply(List.of(member("a"), member("b"), member("c"), member("d")))).isTrue();
        assertThat(f.apply(List.of(member("a"), member("b")))).as("2 of 4 is not a majority").isFalse();
        assertThat(f.known()).containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    @Test
    void newUuidsAfterAMergeDoNotInflateTheCount() {
        MajorityQuorumFunction f = new MajorityQuorumFunction();
        for (int i = 0; i < 5; i++) {
            assertThat(f.apply(List.of(member("a"), member("b"), member("c")))).isTrue();
        }
        assertThat(f.known()).hasSize(3);
    }

    @Test
    void forgottenNodesStopCountingUntilAMajorityReadmitsThem() {
        MajorityQuorumFunction f = new MajorityQuorumFunction();
        f.apply(List.of(member("a"), member("b"), member("c")));
        f.forget("c");
        assertThat(f.apply(List.of(member("a"), member("b"), member("c")))).isTrue();
        assertThat(f.known()).as("a leaving member is not re-added while still listed").containsOnly("a", "b");
        assertThat(f.apply(List.of(member("a"), member("b")))).isTrue();
        assertThat(f.apply(List.of(member("a"), member("b"), member("c")))).isTrue();
        assertThat(f.known()).as("it came back: the majority readmits it").containsOnly("a", "b", "c");
        f.forget("c");
        f.forget("b");
        assertThat(f.apply(List.of(member("a")))).as("1 of 1 after two graceful leaves").isTrue();
        assertThat(f.apply(List.of(member("a"), member("b")))).isTrue();
        assertThat(f.known()).containsOnly("a", "b");
        assertThat(f.apply(List.of(member("a")))).as("b crashed this time: 1 of 2").isFalse();
    }

    /** A fake clock: crash and restart cycles run in no time. */
    static final class Clock implements LongSupplier {
        long nanos;

        @Override
        public long getAsLong() {
            return nanos;
        }

        void advance(Duration d) {
            nanos += d.toNanos();
        }
    }

    /** a's function with a 3 s contact window, having just heard b and c: 3 of 3. */
    static MajorityQuorumFunction heardFromAll(Clock clock, List<Member> all) {
        MajorityQuorumFunction a = new MajorityQuorumFunction(clock, Duration.ofSeconds(30), Duration.ofSeconds(3));
        a.onHeartbeat(all.get(1), 0);
        a.onHeartbeat(all.get(2), 0);
        assertThat(a.apply(all)).isTrue();
        return a;
    }

    static List<Member> members(String... ids) {
        return Arrays.stream(ids).map(MajorityQuorumFunctionTest::member).toList();
    }

    @Test
    void crashedNodesAreForgottenByTheMajoritySoRestartsWithNewIdsNeverPileUp() {
        Clock clock = new Clock();
        MajorityQuorumFunction f = new MajorityQuorumFunction(clock, Duration.ofSeconds(30));
        List<String> fleet = new ArrayList<>(List.of("a", "b", "c"));
        assertThat(f.apply(members("a", "b", "c"))).isTrue();
        // ten rolling crash + restart cycles: each node is killed (no goodbye) and comes back with a new id
        for (int cycle = 0; cycle < 10; cycle++) {
            String dead = fleet.remove(0);
            assertThat(f.apply(members(fleet.toArray(String[]::new)))).as("cycle %d: 2 of 3 after a crash", cycle).isTrue();
            String fresh = "n" + cycle;
            clock.advance(Duration.ofSeconds(5));
            fleet.add(fresh);
            assertThat(f.apply(members(fleet.toArray(String[]::new)))).as("cycle %d: restarted as %s", cycle, fresh).isTrue();
            clock.advance(Duration.ofSeconds(30));
            assertThat(f.apply(members(fleet.toArray(String[]::new)))).isTrue();
            assertThat(f.known()).as("cycle %d: %s forgotten after 30 s", cycle, dead).containsExactlyInAnyOrderElementsOf(fleet);
            assertThat(f.view().required()).isEqualTo(2);
        }
    }

    @Test
    void aCutOffMinorityNeverForgetsAndStaysSilent() {
        Clock clock = new Clock();
        MajorityQuorumFunction lone = new MajorityQuorumFunction(clock, Duration.ofSeconds(30));
        lone.apply(members("a", "b", "c"));
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(30));
            assertThat(lone.apply(members("a"))).as("1 of 3, %d s after the split", 30 * (i + 1)).isFalse();
        }
        assertThat(lone.known()).containsExactlyInAnyOrder("a", "b", "c");
        QuorumView v = lone.view();
        assertThat(v.required()).isEqualTo(2);
        assertThat(v.present()).isEqualTo(1);
        assertThat(v.met()).isFalse();
        // the heal: it sees the others again, and holds the majority with them
        assertThat(lone.apply(members("a", "b", "c"))).isTrue();
    }

    @Test
    void theMajoritySideForgetsTheCutOffNodeAndReadmitsItAtTheHeal() {
        Clock clock = new Clock();
        MajorityQuorumFunction b = new MajorityQuorumFunction(clock, Duration.ofSeconds(30));
        b.apply(members("a", "b", "c"));
        assertThat(b.apply(members("b", "c"))).isTrue();
        clock.advance(Duration.ofSeconds(29));
        assertThat(b.apply(members("b", "c"))).isTrue();
        assertThat(b.known()).contains("a");
        clock.advance(Duration.ofSeconds(1));
        b.apply(members("b", "c"));
        assertThat(b.known()).containsExactlyInAnyOrder("b", "c");
        assertThat(b.apply(members("c"))).as("1 of the 2 left").isFalse();
        assertThat(b.apply(members("a", "b", "c"))).isTrue();
        assertThat(b.known()).as("a is back and counts again").containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aMemberListThatStillShowsUnreachableNodesIsNotBelieved() {
        Clock clock = new Clock();
        List<Member> all = members("a", "b", "c");
        MajorityQuorumFunction a = heardFromAll(clock, all);
        // cut off: no heartbeat from b or c any more, but the member list still shows them
        clock.advance(Duration.ofMillis(2_900));
        assertThat(a.apply(all)).as("2.9 s of silence: still within the window").isTrue();
        clock.advance(Duration.ofMillis(200));
        assertThat(a.apply(all)).as("3.1 s of silence: only a counts, 1 of 3").isFalse();
        assertThat(a.view().present()).isEqualTo(1);
        assertThat(a.known()).as("the silent ones still belong to the fleet").containsExactlyInAnyOrder("a", "b", "c");
        a.onHeartbeat(all.get(1), 0);
        assertThat(a.apply(all)).as("b is heard again: 2 of 3").isTrue();
    }

    /**
     * A member woken from a SIGSTOP: Hazelcast sees the clock jump and tells the protection that every member
     * was just heard. On main that counted the quorum the woken member had lost (FreezeNodeIT: its stale board
     * granted it the whole 1,200 rps and it sent 15 requests before it learnt otherwise).
     */
    @Test
    void aMemberWokenFromAStallHearsNobodyForAWindow() {
        Clock clock = new Clock();
        List<Member> all = members("a", "b", "c");
        MajorityQuorumFunction a = heardFromAll(clock, all);
        clock.advance(Duration.ofSeconds(15));   // frozen: nothing of this member ran
        a.onHeartbeat(all.get(1), 0);   // Hazelcast's reset after the clock jump
        a.onHeartbeat(all.get(2), 0);
        assertThat(a.apply(all)).as("just woken: only a counts").isFalse();
        assertThat(a.enoughWithin(all, Duration.ofSeconds(3))).isFalse();
        clock.advance(Duration.ofMillis(2_900));
        assertThat(a.apply(all)).as("2.9 s after waking, nobody heard since").isFalse();
        clock.advance(Duration.ofMillis(200));
        a.onHeartbeat(all.get(1), 0);   // a real heartbeat, after the deaf window
        assertThat(a.apply(all)).as("b heard after the window: 2 of 3").isTrue();

        // a member that looks every 50 ms never goes deaf, however long it runs
        for (int i = 0; i < 200; i++) {
            clock.advance(Duration.ofMillis(50));
            a.onHeartbeat(all.get(1), 0);
            assertThat(a.apply(all)).isTrue();
        }
    }

    @Test
    void aFixedQuorumCountsOnlyNodesHeardFromRecentlyAndEachIdOnce() {
        Clock clock = new Clock();
        FixedQuorumFunction two = new FixedQuorumFunction(2, clock, Duration.ofSeconds(3));
        List<Member> all = members("a", "b", "c");
        assertThat(two.apply(all)).as("nobody heard yet: a alone").isFalse();
        two.onHeartbeat(all.get(2), 0);
        assertThat(two.apply(all)).isTrue();
        assertThat(two.lastPresent()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(4));
        assertThat(two.apply(all)).as("c silent for 4 s").isFalse();
        assertThat(two.apply(members("a", "a"))).as("a twin of a is one node").isFalse();
    }

    @Test
    void aWindowCountedNowUsesTheSameRuleWithoutChangingTheFleet() {
        Clock clock = new Clock();
        List<Member> all = members("a", "b", "c");
        MajorityQuorumFunction a = heardFromAll(clock, all);
        clock.advance(Duration.ofMillis(1_400));
        assertThat(a.enoughWithin(all, Duration.ofMillis(1_500))).isTrue();
        a.onHeartbeat(all.get(1), 0);
        clock.advance(Duration.ofMillis(200));
        assertThat(a.heard(all, Duration.ofMillis(1_500))).containsExactlyInAnyOrder("a", "b");
        assertThat(a.enoughWithin(all, Duration.ofMillis(1_500))).as("a and b: 2 of 3").isTrue();
        clock.advance(Duration.ofMillis(1_400));
        assertThat(a.enoughWithin(all, Duration.ofMillis(1_500))).as("1.6 s since b: only a, 1 of 3").isFalse();
        assertThat(a.apply(all)).as("the quorum's own 3 s window still counts b").isTrue();
        assertThat(a.known()).containsExactlyInAnyOrder("a", "b", "c");

        FixedQuorumFunction two = new FixedQuorumFunction(2, clock, Duration.ofSeconds(3));
        two.onHeartbeat(all.get(2), 0);
        assertThat(two.enoughWithin(all, Duration.ofMillis(1_500))).isTrue();
        clock.advance(Duration.ofMillis(1_600));
        assertThat(two.enoughWithin(all, Duration.ofMillis(1_500))).isFalse();
    }

    @Test
    void whatARuleCannotProtectAgainstIsSaid() {
        assertThat(new QuorumView("2", 2, 3, true, List.of()).limit(3)).as("2 of 3: a split has one side of 2").isNull();
        assertThat(new QuorumView("2", 2, 4, true, List.of()).limit(4))
                .isEqualTo("quorum 2 with 4 nodes: both sides of an even split can send the whole target (use majority,"
                        + " or more than half the nodes)");
        assertThat(new QuorumView("off", 1, 2, true, List.of()).limit(2)).startsWith("no quorum:");
        assertThat(new QuorumView("off", 1, 1, true, List.of()).limit(1)).as("one node alone").isNull();
        assertThat(new QuorumView("majority", 3, 4, true, List.of("a", "b", "c", "d")).limit(4)).isNull();
    }
}
