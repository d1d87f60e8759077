package org.siegegrid.core.grid;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.MemberAttributeConfig;

import org.siegegrid.core.session.Session;
import org.siegegrid.core.session.SessionSpec;
import org.siegegrid.core.session.SpecJson;

/**
 * The cluster secret at work. Open-source Hazelcast lets anyone who reaches the cluster port join as
 * a member (or connect as a client) and write the maps; with a secret, every SiegeGrid node
 * <ul>
 *   <li>proves it knows the secret when it joins: member attributes {@value #NONCE_ATTRIBUTE} (random)
 *       and {@value #PROOF_ATTRIBUTE} = HMAC-SHA256(secret, cluster name, node id, nonce);</li>
 *   <li>counts only members whose proof holds ({@link #trusted}) — for the quorum, as live nodes, as the
 *       owner of a node id, as a caller of a whiteboard round (so an untrusted member is never given a share);</li>
 *   <li>seals every spec its API writes ({@link #seal}: HMAC over the session id and the spec) and runs no
 *       session whose seal fails, so a session written straight into the map by an intruder sends nothing.</li>
 * </ul>
 * Without a secret ({@link #OPEN}) every member is trusted and nothing is sealed: loopback only. What it
 * does not do: encrypt the wire (a listener on the network sees specs, tokens of targets and the proofs),
 * or stop an intruder from deleting or corrupting entries. Thread-safe; verdicts are cached per member UUID.
 */
public final class MemberTrust {
    public static final String NONCE_ATTRIBUTE = "siegegrid.nonce";
    public static final String PROOF_ATTRIBUTE = "siegegrid.proof";
    /** Where a member's instance keeps its trust (Hazelcast's per-instance user context). */
    static final String USER_CONTEXT_KEY = "siegegrid.trust";
    /** Shortest secret accepted: 16 characters. */
    public static final int MIN_SECRET_LENGTH = 16;

    /** No secret: every member trusted, nothing sealed. */
    public static final MemberTrust OPEN = new MemberTrust(null, "");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final String clusterName;
    private final Map<UUID, Boolean> verdicts = new ConcurrentHashMap<>();

    private MemberTrust(String secret, String clusterName) {
        this.key = secret == null ? null : new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.clusterName = clusterName;
    }

    /** The trust for a secret (null or empty: {@link #OPEN}) in a cluster. */
    public static MemberTrust of(String secret, String clusterName) {
        return new MemberTrust(secret == null || secret.isEmpty() ? null : secret, clusterName);
    }

    /** The trust a member was configured with ({@link GridConfigFactory#build}); OPEN for another member. */
    public static MemberTrust of(com.hazelcast.core.HazelcastInstance hz) {
        return hz.getUserContext().get(USER_CONTEXT_KEY) instanceof MemberTrust t ? t : OPEN;
    }

    public boolean enabled() {
        return key != null;
    }

    /**
     * The name Hazelcast forms the cluster under: with a secret, the cluster name and a fingerprint of
     * the secret, so nodes given different secrets (a mistake) never join one cluster, and a member must
     * learn the name before it can even join. Without a secret, the cluster name.
     */
    public String hazelcastClusterName() {
        return enabled() ? clusterName + "-" + mac("cluster-name\n" + clusterName).substring(0, 16) : clusterName;
    }

    /** Sets this member's nonce and proof (nothing without a secret). */
    void attributes(MemberAttributeConfig attributes, String nodeId) {
        if (!enabled()) {
            return;
        }
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String n = HexFormat.of().formatHex(nonce);
        attributes.setAttribute(NONCE_ATTRIBUTE, n);
        attributes.setAttribute(PROOF_ATTRIBUTE, proof(nodeId, n));
    }

    /** True when the member proved it knows the secret (always without one). */
    public boolean trusted(Member m) {
        if (!enabled()) {
            return true;
        }
        return verdicts.computeIfAbsent(m.getUuid(), u -> verify(m.getAttribute(GridConfigFactory.NODE_ID_ATTRIBUTE),
                m.getAttribute(NONCE_ATTRIBUTE), m.getAttribute(PROOF_ATTRIBUTE)));
    }

    /** True when a member that proved the secret carries this node id (always without a secret). */
    public boolean carries(Collection<Member> members, String nodeId) {
        if (!enabled()) {
            return true;
        }
        for (Member m : members) {
            if (nodeId.equals(m.getAttribute(GridConfigFactory.NODE_ID_ATTRIBUTE)) && trusted(m)) {
                return true;
            }
        }
        return false;
    }

    /** The members that fail {@link #trusted}, for the log, the API and the metric. */
    public List<Member> untrusted(Collection<Member> members) {
        List<Member> out = new ArrayList<>();
        for (Member m : members) {
            if (!trusted(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** True when a proof holds for this node id and nonce. Pure apart from the key. */
    boolean verify(String nodeId, String nonce, String proof) {
        if (nodeId == null || nonce == null || proof == null) {
            return false;
        }
        return MessageDigest.isEqual(proof.getBytes(StandardCharsets.US_ASCII),
                proof(nodeId, nonce).getBytes(StandardCharsets.US_ASCII));
    }

    private String proof(String nodeId, String nonce) {
        return mac("member\n" + clusterName + "\n" + nodeId + "\n" + nonce);
    }

    /** The seal of a spec written for a session id; null without a secret. */
    public String seal(String sessionId, SessionSpec spec) {
        return enabled() ? mac("session\n" + clusterName + "\n" + sessionId + "\n" + SpecJson.toJson(spec)) : null;
    }

    /** True when the session's seal holds (always without a secret). */
    public boolean sealed(Session s) {
        if (!enabled()) {
            return true;
        }
        return s.seal() != null && MessageDigest.isEqual(s.seal().getBytes(StandardCharsets.US_ASCII),
                seal(s.id(), s.spec()).getBytes(StandardCharsets.US_ASCII));
    }

    private String mac(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
