package org.siegegrid.core.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;

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
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    case "toString" -> "member " + nodeId;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static MembershipEvent added(String nodeId) {
        Cluster cluster = (Cluster) Proxy.newProxyInstance(Cluster.class.getClassLoader(), new Class<?>[]{Cluster.class},
                (p, m, args) -> {
                    throw new UnsupportedOperationException(m.getName());
                });
        return new MembershipEvent(cluster, member(nodeId), MembershipEvent.MEMBER_ADDED, Set.of());
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
    void forgottenNodesStopCountingUntilTheyComeBack() {
        MajorityQuorumFunction f = new MajorityQuorumFunction();
        f.apply(List.of(member("a"), member("b"), member("c")));
        f.forget("c");
        assertThat(f.apply(List.of(member("a"), member("b"), member("c")))).isTrue();
        assertThat(f.known()).as("a leaving member is not re-added while still listed").containsOnly("a", "b");
        f.forget("b");
        assertThat(f.apply(List.of(member("a")))).as("1 of 1 after two graceful leaves").isTrue();
        f.memberAdded(added("b"));
        assertThat(f.apply(List.of(member("a"), member("b")))).isTrue();
        assertThat(f.known()).containsOnly("a", "b");
        assertThat(f.apply(List.of(member("a")))).as("b crashed this time: 1 of 2").isFalse();
    }
}
