package org.siegegrid.web.cli;

/**
 * A call to a node's API that did not succeed: an error answer (4xx, 5xx) or no answer at all.
 * {@link Main} prints its message as one line ({@code siegegrid: 409 conflict: ...}) and exits
 * with {@link #exitCode()}: 2 for a 4xx (the request was wrong), 3 for a 5xx or an unreachable node.
 * {@link #reach()} tells how far the call got, which decides whether it may be sent to another node.
 */
public final class ApiException extends RuntimeException {
    /** How far a failed call got. */
    public enum Reach {
        /** Not a call's failure (a run's own verdict, say). */
        NONE,
        /** The connection was never made (refused, connect timeout): the node saw nothing. */
        UNSENT,
        /** The connection broke before an answer (reset, closed): the node may have acted, then died. */
        LOST,
        /** No answer within the request timeout: the node may still be acting on it. */
        TIMED_OUT,
        /** The node answered with this status. */
        ANSWERED
    }

    private final int status;
    private final String code;
    private final int exitCode;
    private final Reach reach;

    /**
     * @param status HTTP status, or 0 when there was no answer
     * @param code   the contract's error code ({@code conflict}, {@code not_found}...), or null
     */
    ApiException(int status, String code, String message) {
        this(status, code, message, status > 0 ? Reach.ANSWERED : Reach.NONE);
    }

    ApiException(int status, String code, String message, Reach reach) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.reach = reach;
        this.exitCode = status >= 400 && status < 500 ? Main.USAGE : Main.INTERNAL;
    }

    /** No answer from a node: {@code reach} is UNSENT, LOST or TIMED_OUT. */
    static ApiException noAnswer(String message, Reach reach) {
        return new ApiException(0, null, message, reach);
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

    public Reach reach() {
        return reach;
    }

    /**
     * The node, not the request, is the problem (no answer, or a 5xx such as 503 "no quorum"): another
     * node may serve the same call.
     */
    public boolean nodeTrouble() {
        return reach == Reach.UNSENT || reach == Reach.LOST || reach == Reach.TIMED_OUT
                || reach == Reach.ANSWERED && status >= 500;
    }
}
