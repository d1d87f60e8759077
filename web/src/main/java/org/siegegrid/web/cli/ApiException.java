package org.siegegrid.web.cli;

/**
 * A call to a node's API that did not succeed: an error answer (4xx, 5xx) or no answer at all.
 * {@link Main} prints its message as one line ({@code siegegrid: 409 conflict: ...}) and exits
 * with {@link #exitCode()}: 2 for a 4xx (the request was wrong), 3 for a 5xx or an unreachable node.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final int exitCode;

    /**
     * @param status HTTP status, or 0 when there was no answer
     * @param code   the contract's error code ({@code conflict}, {@code not_found}...), or null
     */
    ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.exitCode = status >= 400 && status < 500 ? Main.USAGE : Main.INTERNAL;
    }

    /** HTTP status; 0 = the node could not be reached. */
    public int status() {
        return status;
    }

    /** The error code of the answer's body, or null. */
    public String code() {
        return code;
    }

    public int exitCode() {
        return exitCode;
    }
}
