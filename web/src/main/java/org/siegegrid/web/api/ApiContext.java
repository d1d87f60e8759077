package org.siegegrid.web.api;

import java.util.concurrent.atomic.AtomicReference;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.siegegrid.core.node.ApiAccess;
import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.session.Limits;
import org.siegegrid.core.session.Redaction;

/**
 * What every handler shares: the node (attached once it has joined), the token, who may read and
 * what they see, the limits, the body budget, the metrics.
 */
final class ApiContext {
    private final AtomicReference<SiegeNode> node = new AtomicReference<>();
    private volatile Limits limits = Limits.DEFAULT;
    private final BearerAuth auth;
    private final ApiAccess access;
    private final ApiLimits apiLimits;
    private final BodyReceiver bodies;
    private final ApiMetrics metrics;
    private final StreamHub streams = new StreamHub();

    ApiContext(BearerAuth auth, ApiLimits apiLimits) {
        this(auth, ApiAccess.DEFAULT, apiLimits);
    }

    ApiContext(BearerAuth auth, ApiAccess access, ApiLimits apiLimits) {
        this.auth = auth;
        this.access = access;
        this.apiLimits = apiLimits;
        this.bodies = new BodyReceiver(apiLimits);
        this.metrics = new ApiMetrics(this::nodeOrNull);
    }

    void attach(SiegeNode n) {
        if (!node.compareAndSet(null, n)) {
            throw new IllegalStateException("a node is attached already");
        }
        limits = n.settings().limits();   // the node validates with the same, so a parse reports them too
    }


    /** The node; 503 while it is starting or after it left. */
    SiegeNode node() {
        SiegeNode n = node.get();
        if (n == null) {
            throw ApiError.unavailable("the node is starting; try again in a moment");
        }
        if (n.closed()) {
            throw ApiError.unavailable("the node has left the cluster");
        }
        return n;
    }

    boolean attached() {
        return node.get() != null;
    }

    SiegeNode nodeOrNull() {
        SiegeNode n = node.get();
        return n == null || n.closed() ? null : n;
    }

    Limits limits() {
        return limits;
    }

    BearerAuth auth() {
        return auth;
    }

    /** Whether reads need the token too ({@code api.auth=all}). */
    boolean readsNeedToken() {
        return access.auth() == ApiAccess.Auth.ALL;
    }

    /**
     * What this call may see of a spec: every value for a call that carries the token, else the
     * credential-like header values redacted. Without a token configured nobody can prove being
     * its holder, so every view is redacted.
     */
    Redaction redaction(HttpServerExchange exchange) {
        return auth.holds(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION)) ? Redaction.NONE
                : access.redaction();
    }

    /** What the server grants each client (sizes, timeouts, connections). */
    ApiLimits apiLimits() {
        return apiLimits;
    }

    BodyReceiver bodies() {
        return bodies;
    }

    ApiMetrics metrics() {
        return metrics;
    }

    /** The node's live streams (SSE): one producer, many subscribers. */
    StreamHub streams() {
        return streams;
    }
}
