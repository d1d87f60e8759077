package org.siegegrid.core.node;

import java.util.List;

import org.siegegrid.core.session.Problem;

/**
 * A request the node turns down, with why: the REST API maps {@link Kind} to a status code and
 * {@link #problems()} to the error body. Nothing changed when one is thrown.
 */
public final class NodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of refusal: bad input, no such thing, wrong state, or the cluster cannot answer. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNAVAILABLE }

    private final Kind kind;
    private final transient List<Problem> problems;

    public NodeException(Kind kind, List<Problem> problems) {
        super(problems.isEmpty() ? kind.name() : problems.get(0).toString());
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    public static NodeException invalid(List<Problem> problems) {
        return new NodeException(Kind.INVALID, problems);
    }

    public static NodeException notFound(String field, String what) {
        return new NodeException(Kind.NOT_FOUND, List.of(new Problem(field, what)));
    }

    public static NodeException conflict(String field, String why) {
        return new NodeException(Kind.CONFLICT, List.of(new Problem(field, why)));
    }

    public static NodeException unavailable(String why) {
        return new NodeException(Kind.UNAVAILABLE, List.of(new Problem("", why)));
    }

    public Kind kind() {
        return kind;
    }

    public List<Problem> problems() {
        return problems;
    }
}
