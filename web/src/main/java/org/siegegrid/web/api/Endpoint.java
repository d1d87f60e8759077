package org.siegegrid.web.api;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.siegegrid.core.node.NodeException;

/**
 * The shell around every {@link ApiHandler}. On the IO thread, from the headers alone, before a
 * byte of the body is read: the bearer token of mutating calls (POST, PATCH, PUT, DELETE; 401; with
 * {@code api.auth=all} of every call but the open ones),
 * and for calls that take a JSON body its type (415) and declared size (413). A refusal is sent at
 * once, and a body left unread closes the connection after the answer. A body is then received
 * without a worker thread ({@link BodyReceiver}); only then does the call go to a worker (SiegeNode
 * calls block on Hazelcast), where the handler runs and every refusal becomes the contract's error
 * body. One log line per mutating call.
 */
final class Endpoint implements HttpHandler {
    private static final Logger LOG = LogManager.getLogger(Endpoint.class);
    private static final byte[] NO_BODY = new byte[0];

    /** Whether a handler reads a request body. */
    enum Body { NONE, JSON }

    private final ApiContext ctx;
    private final ApiHandler handler;
    private final boolean authorize;
    private final Body body;

    Endpoint(ApiContext ctx, ApiHandler handler, Body body) {
        this(ctx, handler, true, body);
    }

    /** @param authorize whether calls need the token here (not for 404 and 405 answers, nor /health) */
    Endpoint(ApiContext ctx, ApiHandler handler, boolean authorize, Body body) {
        this.ctx = ctx;
        this.handler = handler;
        this.authorize = authorize;
        this.body = body;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        ApiError refusal = fromHeaders(exchange);
        if (refusal != null) {
            refuse(exchange, refusal);
        } else if (body == Body.JSON && !exchange.isRequestComplete()) {
            ctx.bodies().receive(exchange, (ex, bytes, release) -> ex.dispatch(e -> run(e, bytes, release)), Endpoint::refuse);
        } else {
            if (!exchange.isRequestComplete()) {
                exchange.setPersistent(false);   // a body nobody reads: the connection closes after the answer
            }
            exchange.dispatch(e -> run(e, NO_BODY, () -> { }));
        }
    }

    /** What the request line and headers alone refuse, or null. */
    private ApiError fromHeaders(HttpServerExchange exchange) {
        try {
            if (authorize && (mutating(exchange) || ctx.readsNeedToken())) {
                ctx.auth().check(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
            }
        } catch (ApiError e) {
            return e;
        }
        if (body == Body.JSON) {
            String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
            if (type != null && !Call.isJson(type)) {
                return ApiError.unsupportedMediaType(type);
            }
            if (exchange.getRequestContentLength() > ctx.apiLimits().maxBody()) {
                return ApiError.tooLarge(ctx.apiLimits().maxBody());
            }
        }
        return null;
    }

    private void run(HttpServerExchange exchange, byte[] bytes, Runnable release) {
        Call call = new Call(exchange, bytes);
        try {
            handler.handle(call);
        } catch (ApiError e) {
            fail(call, e);
        } catch (NodeException e) {
            fail(call, ApiError.of(e));
        } catch (SplitBrainProtectionException e) {
            fail(call, ApiError.unavailable("no quorum: this node sees fewer members than the cluster needs"));
        } catch (HazelcastException e) {
            LOG.warn("{} {}: cluster unavailable: {}", exchange.getRequestMethod(), exchange.getRequestPath(), e.toString());
            fail(call, ApiError.unavailable("the cluster did not answer: " + e.getClass().getSimpleName()));
        } catch (Exception e) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), e);
            fail(call, ApiError.internal());
        } finally {
            release.run();
            log(exchange);
        }
    }

    static boolean mutating(HttpServerExchange exchange) {
        var m = exchange.getRequestMethod();
        return m.equals(Methods.POST) || m.equals(Methods.PATCH) || m.equals(Methods.PUT) || m.equals(Methods.DELETE);
    }

    /**
     * Answers a refusal before the body was read: at once, and when a body is (still) coming the
     * connection closes after the answer, so nothing waits for it. A client waiting for
     * "100 Continue" gets none and sends no body.
     */
    private static void refuse(HttpServerExchange exchange, ApiError e) {
        if (!exchange.isRequestComplete()) {
            exchange.setPersistent(false);
        }
        new Call(exchange, NO_BODY).error(e);
        log(exchange);
    }

    private static void fail(Call call, ApiError e) {
        HttpServerExchange ex = call.exchange();
        if (ex.isResponseStarted()) {
            ex.setPersistent(false);
            ex.endExchange();
            return;
        }
        call.error(e);
    }

    private static void log(HttpServerExchange ex) {
        if (mutating(ex)) {
            LOG.info("api {} {} -> {}", ex.getRequestMethod(), ex.getRequestPath(), ex.getStatusCode());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("api {} {} -> {}", ex.getRequestMethod(), ex.getRequestPath(), ex.getStatusCode());
        }
    }
}
