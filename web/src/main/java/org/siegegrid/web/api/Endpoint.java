package org.siegegrid.web.api;

import java.io.IOException;

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
 * The shell around every {@link ApiHandler}: leaves the IO thread (SiegeNode calls block on
 * Hazelcast), checks the bearer token of mutating calls (POST, PATCH, PUT, DELETE; with
 * {@code api.auth=all} of every call but the open ones), runs the
 * handler and turns every refusal into the contract's error body. One log line per mutating call.
 */
final class Endpoint implements HttpHandler {
    private static final Logger LOG = LogManager.getLogger(Endpoint.class);

    private final ApiContext ctx;
    private final ApiHandler handler;
    private final boolean authorize;

    Endpoint(ApiContext ctx, ApiHandler handler) {
        this(ctx, handler, true);
    }

    /** @param authorize whether calls need the token here (not for 404 and 405 answers, nor /health) */
    Endpoint(ApiContext ctx, ApiHandler handler, boolean authorize) {
        this.ctx = ctx;
        this.handler = handler;
        this.authorize = authorize;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        Call call = new Call(exchange, ctx.maxBody());
        try {
            if (authorize && (mutating(exchange) || ctx.readsNeedToken())) {
                ctx.auth().check(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
            }
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
        } catch (IOException e) {
            LOG.debug("{} {}: client gone: {}", exchange.getRequestMethod(), exchange.getRequestPath(), e.toString());
            exchange.setPersistent(false);
            exchange.endExchange();
        } catch (Exception e) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), e);
            fail(call, ApiError.internal());
        } finally {
            log(exchange);
        }
    }

    static boolean mutating(HttpServerExchange exchange) {
        var m = exchange.getRequestMethod();
        return m.equals(Methods.POST) || m.equals(Methods.PATCH) || m.equals(Methods.PUT) || m.equals(Methods.DELETE);
    }

    private static void fail(Call call, ApiError e) {
        HttpServerExchange ex = call.exchange();
        if (ex.isResponseStarted()) {
            ex.setPersistent(false);
            ex.endExchange();
            return;
        }
        if (!ex.isRequestComplete()) {
            call.drain();
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
