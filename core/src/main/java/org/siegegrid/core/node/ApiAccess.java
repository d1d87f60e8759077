package org.siegegrid.core.node;

import java.util.Locale;

import org.siegegrid.core.session.Redaction;

/**
 * Who may read the API and what a reader without the token sees: the settings {@code api.auth}
 * and {@code api.redact.headers}, resolved by {@link SettingsLoader#apiAccess}.
 *
 * @param auth      which calls need the bearer token
 * @param redaction the headers hidden from a reader who does not present the token
 */
public record ApiAccess(Auth auth, Redaction redaction) {
    /** Today's behaviour: only changes need the token, reads are open and redacted. */
    public static final ApiAccess DEFAULT = new ApiAccess(Auth.CHANGES, Redaction.DEFAULT);

    /** {@code api.auth}: which calls need the token. */
    public enum Auth {
        /** POST, PATCH, PUT and DELETE. */
        CHANGES,
        /** Every call but {@code /health} and {@code /health/ready} (and the 404/405 answers). */
        ALL;

        /** The setting's value, or null when it is neither {@code changes} nor {@code all}. */
        public static Auth parse(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "changes" -> CHANGES;
                case "all" -> ALL;
                default -> null;
            };
        }
    }

    public ApiAccess {
        auth = auth == null ? Auth.CHANGES : auth;
        redaction = redaction == null ? Redaction.DEFAULT : redaction;
    }
}
