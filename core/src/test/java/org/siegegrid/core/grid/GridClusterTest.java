package org.siegegrid.core.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import com.hazelcast.test.HazelcastTestSupport;
import com.hazelcast.test.SplitBrainTestSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.board.RoundInput;
import org.siegegrid.core.board.Whiteboard;
import org.siegegrid.core.session.Lifecycle;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SessionState;
import org.siegegrid.core.session.Target;

class GridClusterTest {

    private final ClusterFixture fx = new ClusterFixture();

    @AfterEach
    void shutdown() {
        fx.close();
    }

    static SessionSpec spec(double rps) {
        return new SessionSpec("t", List.of(Target.get("http://127.0.0.1:9/")), null, null, rps, null, null, null,
                false, null, null, null, null, null, null);
    }

    static Session runningSession(String id, double rps, long now) {
        return Session.create(id, spec(rps), now).withState(SessionState.RUNNING).withStartedAt(now);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void threeMembersShareBySessionWeightAndTakeOverADeadMembersShareAfterItsLease() {
        Grid a = fx.start("node-a", Quorum.OFF, 1);
        Grid b = fx.start("node-b", Quorum.OFF, 2);
        Grid c = fx.start("node-c", Quorum.OFF, 3);
        HazelcastTestSupport.assertClusterSizeEventually(3, a.hazelcast(), b.hazelcast(), c.hazelcast());
        a.sessions().put("s1", runningSession("s1", 600, a.clusterTimeMillis()));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(ClusterFixture.ROUND_MS))
                .untilAsserted(() -> {
                    fx.roundAll("s1");
                    assertThat(fx.fractionInForce(a.clusterTimeMillis())).isLessThanOrEqualTo(1 + 1e-9);
                    assertThat(fx.held.get("node-a").share().rps()).isCloseTo(100, within(1e-6));
                    assertThat(fx.held.get("node-b").share().rps()).isCloseTo(200, within(1e-6));
                    assertThat(fx.held.get("node-c").share().rps()).isCloseTo(300, within(1e-6));
                });
        Whiteboard seenFromC = c.sessions().get("s1").board();
        assertThat(seenFromC.shares().get("node-b").fraction()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(seenFromC.entries()).containsOnlyKeys("node-a", "node-b", "node-c");

        long killedAt = a.clusterTimeMillis();
        long cLease = fx.held.get("node-c").leaseExpiry();
        c.hazelcast().getLifecycleService().terminate();
        long[] seenGone = {0};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(ClusterFixture.ROUND_MS))
                .untilAsserted(() -> {
                    fx.roundAll("s1");
                    long now = a.clusterTimeMillis();
                    if (seenGone[0] == 0 && !a.liveNodeIds().contains("node-c")) {
                        seenGone[0] = now;
                    }
                    assertThat(fx.fractionInForce(now)).as("never above the target").isLessThanOrEqualTo(1 + 1e-9);
                    assertThat(fx.held.get("node-a").share().rps()).isCloseTo(200, within(1e-6));
                    assertThat(fx.held.get("node-b").share().rps()).isCloseTo(400, within(1e-6));
                });
        long tookOver = a.clusterTimeMillis();
        assertThat(tookOver).as("not before c's lease expired").isGreaterThanOrEqualTo(cLease);
        assertThat(a.sessions().get("s1").board().entries()).containsOnlyKeys("node-a", "node-b");
        System.out.printf("terminate -> member removed %d ms; -> share taken over %d ms (c's lease ran out %d ms"
                + " after the kill)%n", seenGone[0] - killedAt, tookOver - killedAt, cLease - killedAt);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aLoneMemberLosesQuorumAndTheHigherVersionSurvivesTheMerge() {
        Grid a = fx.start("node-a", Quorum.of(2), 1);
        Grid b = fx.start("node-b", Quorum.of(2), 1);
        Grid c = fx.start("node-c", Quorum.of(2), 1);
        HazelcastTestSupport.assertClusterSizeEventually(3, a.hazelcast(), b.hazelcast(), c.hazelcast());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.quorumPresent() && b.quorumPresent() && c.quorumPresent());
        Session v1 = runningSession("s1", 300, a.clusterTimeMillis());
        a.sessions().put("s1", v1);
        HazelcastTestSupport.waitAllForSafeState(a.hazelcast(), b.hazelcast(), c.hazelcast());

        long splitAt = System.nanoTime();
        split(List.of(a, b), c);
        HazelcastTestSupport.assertClusterSizeEventually(2, a.hazelcast(), b.hazelcast());
        HazelcastTestSupport.assertClusterSizeEventually(1, c.hazelcast());
        await().atMost(Duration.ofSeconds(10)).until(() -> !c.quorumPresent());
        long noQuorumMs = (System.nanoTime() - splitAt) / 1_000_000;
        assertThat(a.quorumPresent()).isTrue();
        assertThatThrownBy(() -> c.sessions().put("s1", v1.withSpec(spec(999)).withVersion(99)))
                .isInstanceOf(SplitBrainProtectionException.class);
        assertThatThrownBy(() -> c.round("s1", RoundInput.builder("node-c").now(c.clusterTimeMillis()).build()))
                .isInstanceOf(SplitBrainProtectionException.class);
        Session v2 = a.sessions().get("s1").withSpec(spec(400));
        a.sessions().put("s1", v2);

        long healAt = System.nanoTime();
        heal(List.of(a, b), c);
        HazelcastTestSupport.assertClusterSizeEventually(3, List.of(a.hazelcast(), b.hazelcast(), c.hazelcast()), 60);
        long mergedMs = (System.nanoTime() - healAt) / 1_000_000;
        await().atMost(Duration.ofSeconds(10)).until(c::quorumPresent);
        for (Grid g : List.of(a, b, c)) {
            Session s = g.sessions().get("s1");
            assertThat(s.version()).isEqualTo(2);
            assertThat(s.spec().rps()).isEqualTo(400.0);
        }
        System.out.printf("split -> lone member without quorum %d ms; heal -> merged %d ms%n", noQuorumMs, mergedMs);
    }

    /** Without quorum both sides write; the merge keeps the higher version, a tie keeps the larger side's. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void theMergePolicyKeepsTheHigherVersionFromEitherSide() {
        Grid a = fx.start("node-a", Quorum.OFF, 1);
        Grid b = fx.start("node-b", Quorum.OFF, 1);
        Grid c = fx.start("node-c", Quorum.OFF, 1);
        HazelcastTestSupport.assertClusterSizeEventually(3, a.hazelcast(), b.hazelcast(), c.hazelcast());
        long now = a.clusterTimeMillis();
        java.util.Map<String, Session> original = new java.util.HashMap<>();
        for (String id : List.of("up", "tie", "gone")) {
            original.put(id, runningSession(id, 100, now));
            a.sessions().put(id, original.get(id));
        }
        HazelcastTestSupport.waitAllForSafeState(a.hazelcast(), b.hazelcast(), c.hazelcast());
        split(List.of(a, b), c);
        HazelcastTestSupport.assertClusterSizeEventually(2, a.hazelcast(), b.hazelcast());
        HazelcastTestSupport.assertClusterSizeEventually(1, c.hazelcast());

        // the lone member holds only the partitions it owned or backed up: write its side's values outright
        // minority: "up" goes to version 3; "tie" changes without a version bump; "gone" stays at version 1
        c.sessions().put("up", original.get("up").withSpec(spec(200)).withSpec(spec(300)));
        c.sessions().put("tie", original.get("tie").withState(SessionState.PAUSED, "minority"));
        c.sessions().put("gone", original.get("gone"));
        // majority: "up" to version 2; "tie" changes too; "gone" is stopped, finished and deleted (tombstone, version 3)
        a.sessions().put("up", original.get("up").withSpec(spec(150)));
        a.sessions().put("tie", original.get("tie").withState(SessionState.STOPPING, "majority"));
        a.apply("gone", new Lifecycle.Stop(null));
        a.apply("gone", new Lifecycle.Finish(false, null));
        assertThat(a.apply("gone", new Lifecycle.Delete()).session().deleted()).isTrue();
        assertThat(a.sessions().getEntryView("gone").getTtl()).isEqualTo(a.settings().tombstoneTtl().toMillis());

        heal(List.of(a, b), c);
        HazelcastTestSupport.assertClusterSizeEventually(3, List.of(a.hazelcast(), b.hazelcast(), c.hazelcast()), 60);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (Grid g : List.of(a, b, c)) {
                assertThat(g.sessions().get("up").spec().rps()).as("higher version from the minority").isEqualTo(300.0);
                assertThat(g.sessions().get("tie").reason()).as("tie keeps the existing").isEqualTo("majority");
                assertThat(g.sessions().get("gone").deleted()).as("no resurrection").isTrue();
            }
        });
        // Hazelcast takes the expiration of the merging entry even when the policy keeps the existing
        // value: the tombstone's TTL does not survive the merge. Tombstones must also be swept by age.
        System.out.println("tombstone TTL after the merge: " + a.sessions().getEntryView("gone").getTtl());
        assertThat(a.reapplyTombstoneTtls()).isLessThanOrEqualTo(1);
        assertThat(a.sessions().getEntryView("gone").getTtl()).isEqualTo(a.settings().tombstoneTtl().toMillis());
        assertThat(a.reapplyTombstoneTtls()).isZero();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void majorityQuorumShrinksOnGracefulLeavesButNotOnCrashes() {
        Grid a = fx.start("node-a", Quorum.MAJORITY, 1);
        Grid b = fx.start("node-b", Quorum.MAJORITY, 1);
        Grid c = fx.start("node-c", Quorum.MAJORITY, 1);
        HazelcastTestSupport.assertClusterSizeEventually(3, a.hazelcast(), b.hazelcast(), c.hazelcast());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.quorumPresent() && b.quorumPresent() && c.quorumPresent());

        c.leave(Duration.ofSeconds(5));
        b.leave(Duration.ofSeconds(5));
        HazelcastTestSupport.assertClusterSizeEventually(1, a.hazelcast());
        // a's majority is now of {a}: it keeps its quorum through both graceful leaves
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(a::quorumPresent);
        a.sessions().put("s1", runningSession("s1", 10, a.clusterTimeMillis()));

        Grid d = fx.start("node-d", Quorum.MAJORITY, 1);
        Grid e = fx.start("node-e", Quorum.MAJORITY, 1);
        HazelcastTestSupport.assertClusterSizeEventually(3, a.hazelcast(), d.hazelcast(), e.hazelcast());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.quorumPresent() && d.quorumPresent());
        d.hazelcast().getLifecycleService().terminate();
        e.hazelcast().getLifecycleService().terminate();
        HazelcastTestSupport.assertClusterSizeEventually(1, a.hazelcast());
        await().atMost(Duration.ofSeconds(10)).until(() -> !a.quorumPresent());
        assertThatThrownBy(() -> a.sessions().get("s1")).isInstanceOf(SplitBrainProtectionException.class);
    }

    static void split(List<Grid> side, Grid lone) {
        for (Grid g : side) {
            SplitBrainTestSupport.blockCommunicationBetween(g.hazelcast(), lone.hazelcast());
        }
        for (Grid g : side) {
            HazelcastTestSupport.closeConnectionBetween(g.hazelcast(), lone.hazelcast());
        }
    }

    static void heal(List<Grid> side, Grid lone) {
        for (Grid g : side) {
            SplitBrainTestSupport.unblockCommunicationBetween(g.hazelcast(), lone.hazelcast());
        }
    }
}
