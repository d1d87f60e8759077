package org.siegegrid.web.api;

import java.util.concurrent.atomic.AtomicReference;

import org.siegegrid.core.node.SiegeNode;
import org.siegegrid.core.session.Limits;

/** What every handler shares: the node (attached once it has joined), the token, the limits, the body budget, the metrics. */
final class ApiContext {
    private final AtomicReference<SiegeNode> node = new AtomicReference<>();
    private volatile Limits limits = Limits.DEFAULT;
    private final BearerAuth auth;
    private final ApiLimits apiLimits;
    private final BodyReceiver bodies;
    private final ApiMetrics metrics;

    ApiContext(BearerAuth auth, ApiLimits apiLimits) {
        this.auth = auth;
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
}
