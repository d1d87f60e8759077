package org.siegegrid.core.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import com.hazelcast.core.HazelcastInstance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One node id, one member: the younger of two members with the same id steps down. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GridIdentityTest {

    /** A member of the pure function: its join position and its node id. */
    record M(int joined, String id) {
    }

    static Stream<Arguments> memberLists() {
        return Stream.of(
                Arguments.of("alone", List.of(new M(0, "a")), 0, null),
                Arguments.of("distinct ids", List.of(new M(0, "a"), new M(1, "b"), new M(2, "c")), 2, null),
                Arguments.of("the younger twin", List.of(new M(0, "a"), new M(1, "b"), new M(2, "a")), 2, 0),
                Arguments.of("the older twin stays", List.of(new M(0, "a"), new M(1, "b"), new M(2, "a")), 0, null),
                Arguments.of("the first of three twins", List.of(new M(0, "x"), new M(1, "x"), new M(2, "x")), 2, 0),
                Arguments.of("the middle twin", List.of(new M(0, "x"), new M(1, "x"), new M(2, "x")), 1, 0),
                Arguments.of("a twin of another", List.of(new M(0, "a"), new M(1, "b"), new M(2, "b")), 2, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memberLists")
    void theYoungerOfTwoMembersWithOneIdStepsDown(String name, List<M> members, int local, Integer twin) {
        Optional<M> found = Grid.olderTwin(members, members.get(local), M::id);
        assertThat(found).isEqualTo(twin == null ? Optional.empty() : Optional.of(members.get(twin)));
        // invariant: of all members sharing an id, exactly the oldest stays
        Function<M, Boolean> stays = m -> Grid.olderTwin(members, m, M::id).isEmpty();
        assertThat(members.stream().filter(stays::apply).map(M::id).toList())
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(members.stream().map(M::id).distinct().toList());
    }

    @Test
    void aSecondMemberWithTheSameIdIsRefusedAndTheFirstKeepsRunning() {
        try (ClusterFixture cluster = new ClusterFixture()) {
            GridSettings s = cluster.settings("same", Quorum.OFF);
            Grid first = Grid.admit(cluster.factory.newHazelcastInstance(GridConfigFactory.build(s)), s);
            assertThat(Grid.duplicateOf(first.hazelcast().getCluster().getMembers(),
                    first.hazelcast().getCluster().getLocalMember())).isFalse();
            HazelcastInstance second = cluster.factory.newHazelcastInstance(GridConfigFactory.build(s));
            assertThat(second.getCluster().getMembers()).hasSize(2);
            assertThat(Grid.duplicateOf(second.getCluster().getMembers(), second.getCluster().getLocalMember())).isTrue();
            String firstAddress = first.hazelcast().getCluster().getLocalMember().getAddress().toString();

            assertThatThrownBy(() -> Grid.admit(second, s))
                    .isInstanceOfSatisfying(DuplicateNodeIdException.class, e -> {
                        assertThat(e.nodeId()).isEqualTo("same");
                        assertThat(e.clusterName()).isEqualTo(cluster.clusterName);
                        assertThat(e.address()).isEqualTo(firstAddress);
                    })
                    .hasMessage("node id same is already a member of cluster " + cluster.clusterName + " (at "
                            + firstAddress + ")");
            assertThat(second.getLifecycleService().isRunning()).as("the duplicate is shut down").isFalse();
            assertThat(first.hazelcast().getLifecycleService().isRunning()).isTrue();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> first.hazelcast().getCluster().getMembers().size() == 1);
            assertThat(first.liveNodeIds()).containsExactly("same");

            GridSettings other = cluster.settings("other", Quorum.OFF);
            Grid third = Grid.admit(cluster.factory.newHazelcastInstance(GridConfigFactory.build(other)), other);
            assertThat(third.liveNodeIds()).containsExactly("other", "same");
        }
    }
}
