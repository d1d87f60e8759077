package org.siegegrid.web.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The bearer token of mutating calls (and of reads with {@code api.auth=all}); {@link #holds} tells
 * whether a read may see the secrets of specs. Compared in constant time: both sides are hashed to
 * SHA-256 first (so the length does not leak either) and compared with {@link MessageDigest#isEqual}.
 */
final class BearerAuth {
    private final byte[] expected;

    /** @param token the configured token; null or empty = no token, every call passes */
    BearerAuth(String token) {
        this.expected = token == null || token.isEmpty() ? null : sha256(token);
    }

    boolean enabled() {
        return expected != null;
    }

    /** Throws 401 unless the Authorization header carries the token (or no token is configured). */
    void check(String authorization) {
        if (expected == null) {
            return;
        }
        String why = refusal(authorization);
        if (why != null) {
            throw ApiError.unauthorized(why);
        }
    }

    /**
     * Whether the Authorization header carries the configured token. False when no token is
     * configured: then nobody can prove holding it.
     */
    boolean holds(String authorization) {
        return expected != null && refusal(authorization) == null;
    }

    /** Why this header does not carry the token, or null when it does. */
    private String refusal(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return "this call needs 'Authorization: Bearer <token>'";
        }
        String a = authorization.strip();
        int space = a.indexOf(' ');
        if (space < 0 || !a.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return "expected 'Authorization: Bearer <token>'";
        }
        if (!MessageDigest.isEqual(expected, sha256(a.substring(space + 1).strip()))) {
            return "wrong token";
        }
        return null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
