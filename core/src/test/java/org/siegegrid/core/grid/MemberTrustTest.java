package org.siegegrid.core.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.hazelcast.config.MemberAttributeConfig;
import org.junit.jupiter.api.Test;
import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.Target;

class MemberTrustTest {
    private static final String SECRET = "correct horse battery staple";
    private final MemberTrust trust = MemberTrust.of(SECRET, "fleet");

    private static SessionSpec spec(double rps, Map<String, String> headers) {
        return new SessionSpec("t", List.of(new Target("http://127.0.0.1:9/", "GET", headers, null)), null, null, rps,
                null, null, null, false, null, null, Duration.ofSeconds(10), null, null, List.of());
    }

    @Test
    void aProofHoldsOnlyForItsNodeIdNonceAndSecret() {
        MemberAttributeConfig a = new MemberAttributeConfig();
        trust.attributes(a, "n1");
        String nonce = a.getAttribute(MemberTrust.NONCE_ATTRIBUTE);
        String proof = a.getAttribute(MemberTrust.PROOF_ATTRIBUTE);
        assertThat(nonce).hasSize(32);
        assertThat(trust.verify("n1", nonce, proof)).isTrue();
        assertThat(trust.verify("n2", nonce, proof)).as("another node id").isFalse();
        assertThat(trust.verify("n1", nonce.replace(nonce.charAt(0), nonce.charAt(0) == 'a' ? 'b' : 'a'), proof))
                .as("another nonce").isFalse();
        assertThat(MemberTrust.of("another secret, long enough", "fleet").verify("n1", nonce, proof)).isFalse();
        assertThat(MemberTrust.of(SECRET, "other fleet").verify("n1", nonce, proof)).isFalse();
        assertThat(trust.verify("n1", nonce, null)).as("no proof").isFalse();
        MemberAttributeConfig again = new MemberAttributeConfig();
        trust.attributes(again, "n1");
        assertThat(again.getAttribute(MemberTrust.NONCE_ATTRIBUTE)).as("a fresh nonce per start").isNotEqualTo(nonce);
    }

    @Test
    void aSealCoversTheSessionIdAndEveryFieldOfTheSpec() {
        SessionSpec spec = spec(100, Map.of("X-A", "1", "X-B", "2"));
        Session s = Session.create("s1", spec, 0).withSeal(trust.seal("s1", spec));
        assertThat(trust.sealed(s)).isTrue();
        assertThat(trust.sealed(Session.create("s1", spec(100, Map.of("X-B", "2", "X-A", "1")), 0)
                .withSeal(s.seal()))).as("header order does not matter").isTrue();
        assertThat(trust.sealed(s.withSpec(spec(100_000, Map.of("X-A", "1", "X-B", "2")), s.seal())))
                .as("a changed rate under the old seal").isFalse();
        assertThat(trust.sealed(Session.create("s2", spec, 0).withSeal(s.seal()))).as("the seal copied to another id")
                .isFalse();
        assertThat(trust.sealed(Session.create("s1", spec, 0))).as("no seal").isFalse();
        assertThat(MemberTrust.of("another secret, long enough", "fleet").sealed(s)).isFalse();
    }

    @Test
    void withoutASecretEveryoneIsTrustedNothingIsSealedAndTheClusterNameIsAsGiven() {
        MemberTrust open = MemberTrust.of("", "fleet");
        assertThat(open.enabled()).isFalse();
        assertThat(open.seal("s1", spec(1, Map.of()))).isNull();
        assertThat(open.sealed(Session.create("s1", spec(1, Map.of()), 0))).isTrue();
        assertThat(MemberTrust.of(null, "fleet").hazelcastClusterName()).isEqualTo("fleet");
    }

    @Test
    void nodesWithDifferentSecretsFormDifferentHazelcastClusters() {
        assertThat(trust.hazelcastClusterName()).startsWith("fleet-").hasSize("fleet-".length() + 16)
                .isEqualTo(MemberTrust.of(SECRET, "fleet").hazelcastClusterName())
                .isNotEqualTo(MemberTrust.of("another secret, long enough", "fleet").hazelcastClusterName());
    }
}
