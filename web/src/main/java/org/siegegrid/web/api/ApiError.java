package org.siegegrid.web.api;

import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import org.siegegrid.core.node.NodeException;
import org.siegegrid.core.session.Problem;

/**
 * A refused call: its HTTP status, the contract's error code and every problem found. Thrown by
 * handlers, turned into the error body by {@link Endpoint}; nothing has changed when one is thrown.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient List<Problem> problems;

    ApiError(int status, String code, List<Problem> problems) {
        super(problems.isEmpty() ? code : problems.get(0).toString(), null, false, false);
        this.status = status;
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    static ApiError invalid(List<Problem> problems) {
        return new ApiError(400, "invalid", problems);
    }

    static ApiError invalid(String field, String message) {
        return invalid(List.of(new Problem(field, message)));
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", List.of(new Problem("Authorization", message)));
    }

    static ApiError notFound(String field, String message) {
        return new ApiError(404, "not_found", List.of(new Problem(field, message)));
    }

    static ApiError methodNotAllowed(String message) {
        return new ApiError(405, "method_not_allowed", List.of(new Problem("", message)));
    }

    static ApiError timeout(String message) {
        return new ApiError(408, "request_timeout", List.of(new Problem("", message)));
    }

    static ApiError conflict(String field, String message) {
        return new ApiError(409, "conflict", List.of(new Problem(field, message)));
    }

    static ApiError tooLarge(long limit) {
        return new ApiError(413, "payload_too_large",
                List.of(new Problem("", "request body is larger than " + limit + " bytes")));
    }

    static ApiError unsupportedMediaType(String got) {
        return new ApiError(415, "unsupported_media_type",
                List.of(new Problem("Content-Type", "expected application/json (UTF-8), got '" + got + "'")));
    }

    static ApiError unavailable(String message) {
        return new ApiError(503, "unavailable", List.of(new Problem("", message)));
    }

    static ApiError internal() {
        return new ApiError(500, "internal", List.of(new Problem("", "internal error; see the node's log")));
    }

    /** The status and code for what the node refused. */
    static ApiError of(NodeException e) {
        return switch (e.kind()) {
            case INVALID -> new ApiError(400, "invalid", e.problems());
            case NOT_FOUND -> new ApiError(404, "not_found", e.problems());
            case CONFLICT -> new ApiError(409, "conflict", e.problems());
            case UNAVAILABLE -> new ApiError(503, "unavailable", e.problems());
        };
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    List<Problem> problems() {
        return problems;
    }

    /** {@code {"error":{"code","message","field","problems":[{"field","message"}]}}}. */
    JsonObject body() {
        JsonObject error = new JsonObject();
        error.addProperty("code", code);
        Problem first = problems.isEmpty() ? null : problems.get(0);
        error.addProperty("message", first == null ? code : first.toString());
        if (first == null || first.field() == null || first.field().isEmpty()) {
            error.add("field", JsonNull.INSTANCE);
        } else {
            error.addProperty("field", first.field());
        }
        JsonArray list = new JsonArray();
        for (Problem p : problems) {
            JsonObject o = new JsonObject();
            if (p.field() == null || p.field().isEmpty()) {
                o.add("field", JsonNull.INSTANCE);
            } else {
                o.addProperty("field", p.field());
            }
            o.addProperty("message", p.message());
            list.add(o);
        }
        error.add("problems", list);
        JsonObject body = new JsonObject();
        body.add("error", error);
        return body;
    }
}
