package org.siegegrid.core.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.siegegrid.core.board.RoundInput;
import org.siegegrid.core.board.RoundResult;
import org.siegegrid.core.board.WhiteboardRound;
import org.siegegrid.core.grid.GridConfigFactory;
import org.siegegrid.core.grid.GridSettings;
import org.siegegrid.core.grid.MemberTrust;
import org.siegegrid.core.load.TestServer;
import org.siegegrid.core.session.Lifecycle;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionState;

/**
 * The cluster secret (issue: security): a node given another secret never joins the fleet; a member
 * that learnt the Hazelcast cluster name but cannot prove the secret is counted for nothing, given no
 * share, reported, and the sessions it writes into the map are not run — while the load stays at target.
 */
@Timeout(120)
class ClusterSecretTest extends NodeTestBase {
    private static final String SECRET = "the fleet's own secret, 32 chars";
    private static final double RATE = 400;

    @Test
    void membersWithoutTheSecretAreCountedOutGivenNothingAndTheirSessionsAreNotRunWhileTheLoadStaysAtTarget() {
        sink = TestServer.http(100);
        cluster = new NodeCluster(ROUND, LEASE, NodeSettings.MAJORITY, reports);
        cluster.secret = SECRET;
        SiegeNode a = cluster.start("a");
        cluster.start("b");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.grid().liveNodeIds().size() == 2);
        Session legit = a.create(rate(sink.url("/legit"), RATE, Duration.ofSeconds(40), null));
        assertThat(legit.seal()).as("sealed by the API that wrote it").isNotNull();
        try (RateProbe total = new RateProbe(sink::requests)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Math.abs(total.rate(1000) - RATE) < RATE * 0.05);

            // a member that knows the Hazelcast cluster name (sniffed off the wire) but not the secret
            String hzName = a.grid().hazelcast().getConfig().getClusterName();
            assertThat(hzName).startsWith(cluster.clusterName + "-");
            HazelcastInstance raw = cluster.factory.newHazelcastInstance(GridConfigFactory.build(
                    GridSettings.defaults().withClusterName(hzName).withNode("raw", "raw")));
            await().atMost(Duration.ofSeconds(20)).until(() -> a.grid().hazelcast().getCluster().getMembers().size() == 3);
            await().atMost(Duration.ofSeconds(5)).until(() -> a.cluster().untrusted().size() == 1);
            assertThat(a.cluster().untrusted().get(0)).endsWith("(raw)");
            assertThat(a.grid().liveNodeIds()).containsExactly("a", "b");
            assertThat(a.quorum().present()).as("counted for the quorum").isEqualTo(2);
            assertThat(a.quorum().required()).isEqualTo(2);
            assertThat(a.quorum().met()).isTrue();

            // a node given another secret (an operator's mistake) forms a cluster of its own
            SiegeNode wrong = cluster.startWithSecret("w", "another secret, 16+ characters");
            assertThat(wrong.grid().hazelcast().getCluster().getMembers()).hasSize(1);
            assertThat(a.grid().hazelcast().getCluster().getMembers()).hasSize(3);

            // its round is refused by a member that checks: nothing granted, nothing written
            Session stored = a.grid().sessions().get(legit.id());
            RoundInput in = RoundInput.builder("raw").live(List.of("a", "b", "raw")).heard(List.of("a", "b", "raw"))
                    .now(a.grid().clusterTimeMillis()).targetRps(RATE).build();
            WhiteboardRound round = new WhiteboardRound(in);
            round.setHazelcastInstance(a.grid().hazelcast());
            var entry = new AbstractMap.SimpleEntry<>(legit.id(), stored);
            RoundResult answer = round.process(entry);
            assertThat(answer.share().idle()).as("no share for a member without the secret").isTrue();
            assertThat(entry.getValue()).as("the board is not written").isSameAs(stored);
            WhiteboardRound fromA = new WhiteboardRound(RoundInput.builder("a").live(List.of("a", "b"))
                    .heard(List.of("a", "b")).now(a.grid().clusterTimeMillis()).targetRps(RATE).build());
            fromA.setHazelcastInstance(a.grid().hazelcast());
            assertThat(fromA.process(new AbstractMap.SimpleEntry<>(legit.id(), stored)).share().idle())
                    .as("a trusted caller keeps its share").isFalse();

            // what it writes into the map is not run: a new session, and the legit one with 10x its rate
            long now = raw.getCluster().getClusterTime();
            Session evil = Lifecycle.apply(Session.create("evil", rate(sink.url("/evil"), 1000, Duration.ofSeconds(30),
                    null), now), new Lifecycle.Start(), now + 200).session();
            raw.<String, Session>getMap(GridConfigFactory.SESSIONS).set("evil", evil);
            Session forged = Session.create("forged", legit.spec(), now).withSeal(legit.seal());
            raw.<String, Session>getMap(GridConfigFactory.SESSIONS).set("forged",
                    Lifecycle.apply(forged, new Lifecycle.Start(), now + 200).session());
            Session current = raw.<String, Session>getMap(GridConfigFactory.SESSIONS).get(legit.id());
            raw.<String, Session>getMap(GridConfigFactory.SESSIONS).set(legit.id(),
                    current.withSpec(rate(sink.url("/legit"), RATE * 10, Duration.ofSeconds(40), null), current.seal()));

            long from = sink.elapsedMs() / 1000 + 1;
            long to = from + 5;
            await().atMost(Duration.ofSeconds(15)).until(() -> sink.elapsedMs() / 1000 > to);
            List<Long> seconds = new ArrayList<>();
            for (long t = from; t <= to; t++) {
                seconds.add(sink.inSecond(t));
            }
            long sum = seconds.stream().mapToLong(Long::longValue).sum();
            System.out.printf("cluster secret: sink seconds with an untrusted member writing %s (target %.0f),"
                    + " /evil %d; untrusted %s; quorum %s%n", seconds, RATE, sink.onPath("/evil"),
                    a.cluster().untrusted(), a.quorum());
            assertThat(sink.onPath("/evil")).as("the intruder's session").isZero();
            assertThat(a.localIssued("forged") + cluster.node("b").localIssued("forged")).isZero();
            assertThat(a.runs("evil") || a.runs("forged")).isFalse();
            assertThat(sink.onPath("/legit")).isEqualTo(sink.requests());
            // the rate stays at target: never the intruder's 10x (a busy machine moves a few requests between seconds)
            assertThat(seconds).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo((long) (RATE * 1.1)));
            assertThat(sum).isBetween((long) (seconds.size() * RATE * 0.9), (long) (seconds.size() * RATE * 1.02));
            Set<String> onBoard = a.grid().sessions().get(legit.id()).board().entries().keySet();
            assertThat(onBoard).doesNotContain("raw", "w");
            assertThat(wrong.localIssued(legit.id())).isZero();
        }
        a.stop(legit.id());
        awaitState(a, legit.id(), SessionState.FINISHED, Duration.ofSeconds(20));
    }

    @Test
    void theSecretIsNeverShownAndAShortOneIsRefused() {
        NodeSettings s = new NodeCluster(ROUND, LEASE, 1, reports).settings("a", 0).withClusterSecret(SECRET);
        assertThat(s.toString()).doesNotContain(SECRET).contains("secret=set");
        assertThat(s.toGridSettings().toString()).doesNotContain(SECRET);
        assertThat(s.toGridSettings().withClusterSecret("short").validate())
                .anySatisfy(p -> assertThat(p.toString()).contains("clusterSecret").contains("at least "
                        + MemberTrust.MIN_SECRET_LENGTH));
    }
}
