package org.siegegrid.web.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatcher;

/**
 * The one route table of the API (API-CONTRACT.md). Every GET answers HEAD too. Unknown paths
 * answer 404, a known path with another method 405 with {@code Allow}, both with the contract's
 * error body. The three calls that take a JSON body say so ({@link Endpoint.Body#JSON}).
 */
final class ApiRoutes {
    private final ApiContext ctx;
    private final RoutingHandler routes = Handlers.routing(false);
    private final List<Route> table = new ArrayList<>();

    private record Route(String method, PathTemplateMatcher<Boolean> matcher) {
    }

    private ApiRoutes(ApiContext ctx) {
        this.ctx = ctx;
    }

    static HttpHandler build(ApiContext ctx) {
        ApiRoutes r = new ApiRoutes(ctx);
        // the admin UI: static files from the jar, open (they hold no data); a miss is the API's 404
        HttpHandler ui = new org.siegegrid.web.ui.UiHandler(r.notFound());
        r.addStatic("GET", "/", ui);
        r.addStatic("GET", "/ui/*", ui);
        // open whatever api.auth says: orchestrators probe them without the token
        r.addOpen("GET", "/health", new HealthHandler(ctx));
        r.addOpen("GET", "/health/ready", new ReadyHandler(ctx));
        r.add("GET", "/metrics", new MetricsHandler(ctx));
        r.add("GET", "/api/v1/cluster", new ClusterHandler(ctx));
        r.addStream("/api/v1/cluster/stream", new StreamHandler(ctx, false));

        r.add("GET", "/api/v1/nodes", new NodeListHandler(ctx));
        r.add("GET", "/api/v1/nodes/{id}", new NodeGetHandler(ctx));
        r.add("PATCH", "/api/v1/nodes/{id}", new NodePatchHandler(ctx), Endpoint.Body.JSON);
        r.add("DELETE", "/api/v1/nodes/{id}", new NodeRemoveHandler(ctx));
        r.add("POST", "/api/v1/nodes/{id}/drain", new NodeStateHandler(ctx, true));
        r.add("POST", "/api/v1/nodes/{id}/activate", new NodeStateHandler(ctx, false));

        r.add("POST", "/api/v1/sessions", new SessionCreateHandler(ctx), Endpoint.Body.JSON);
        r.add("GET", "/api/v1/sessions", new SessionListHandler(ctx));
        r.add("GET", "/api/v1/sessions/{id}", new SessionGetHandler(ctx));
        r.add("PATCH", "/api/v1/sessions/{id}", new SessionPatchHandler(ctx), Endpoint.Body.JSON);
        r.add("DELETE", "/api/v1/sessions/{id}", new SessionDeleteHandler(ctx));
        r.add("POST", "/api/v1/sessions/{id}/stop", new SessionStopHandler(ctx));
        r.add("GET", "/api/v1/sessions/{id}/stats", new SessionStatsHandler(ctx));
        r.add("GET", "/api/v1/sessions/{id}/report", new SessionReportHandler(ctx));
        r.add("GET", "/api/v1/sessions/{id}/events", new SessionEventsHandler(ctx));
        r.addStream("/api/v1/sessions/{id}/stream", new StreamHandler(ctx, true));

        // 404 and 405 come before the token check: they tell nothing and change nothing
        r.routes.setFallbackHandler(r.notFound());
        r.routes.setInvalidMethodHandler(r.methodNotAllowed());
        return r.routes;
    }

    private void add(String method, String template, ApiHandler handler) {
        add(method, template, handler, Endpoint.Body.NONE);
    }

    private HttpHandler notFound() {
        return new Endpoint(ctx, call -> {
            throw ApiError.notFound("", "no such path: " + call.exchange().getRequestPath());
        }, false, Endpoint.Body.NONE);
    }

    /** A stream (Server-Sent Events): GET only, a HEAD would open a stream that never ends. */
    private void addStream(String template, ApiHandler handler) {
        register("GET", template, new Endpoint(ctx, handler, Endpoint.Body.NONE));
    }

    /** A route whose handler is not an {@link Endpoint} (the UI's static files: no token, no worker thread). */
    private void addStatic(String method, String template, HttpHandler handler) {
        register(method, template, handler);
        if (method.equals("GET")) {
            register("HEAD", template, handler);
        }
    }

    /** A route that never needs the token, whatever {@code api.auth} says. */
    private void addOpen(String method, String template, ApiHandler handler) {
        add(method, template, new Endpoint(ctx, handler, false, Endpoint.Body.NONE));
    }

    private void add(String method, String template, ApiHandler handler, Endpoint.Body body) {
        add(method, template, new Endpoint(ctx, handler, body));
    }

    /** A GET is served for HEAD too: the same status and headers, no body (Undertow drops it). */
    private void add(String method, String template, Endpoint e) {
        register(method, template, e);
        if (method.equals("GET")) {
            register("HEAD", template, e);
        }
    }

    private void register(String method, String template, HttpHandler handler) {
        routes.add(method, template, handler);
        PathTemplateMatcher<Boolean> m = new PathTemplateMatcher<>();
        m.add(template, Boolean.TRUE);
        table.add(new Route(method, m));
    }

    private HttpHandler methodNotAllowed() {
        ApiHandler h = call -> {
            HttpServerExchange ex = call.exchange();
            Set<String> allowed = allowed(ex.getRelativePath());
            ex.getResponseHeaders().put(Headers.ALLOW, String.join(", ", allowed));
            throw ApiError.methodNotAllowed(ex.getRequestMethod() + " is not allowed on " + ex.getRequestPath()
                    + "; allowed: " + String.join(", ", allowed));
        };
        return new Endpoint(ctx, h, false, Endpoint.Body.NONE);
    }

    private Set<String> allowed(String path) {
        Set<String> out = new TreeSet<>();
        for (Route r : table) {
            if (r.matcher().match(path) != null) {
                out.add(r.method());
            }
        }
        return out;
    }
}
