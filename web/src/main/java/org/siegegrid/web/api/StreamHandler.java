package org.siegegrid.web.api;

import java.util.function.Supplier;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import io.undertow.util.HttpString;

/**
 * GET /api/v1/cluster/stream and GET /api/v1/sessions/{id}/stream: Server-Sent Events, one frame a
 * second from the node's {@link StreamHub}. Refusals come before the stream starts, as the API's
 * error body: 404 for an unknown session, 503 while starting or when this node already serves
 * {@link StreamHub#MAX_SUBSCRIBERS} streams. Reads, so open unless {@code api.auth=all}. A client that
 * reconnects with {@code Last-Event-ID} gets the frames this node still keeps after that one
 * ({@link StreamHub#subscribe(String, Supplier, StreamSink, String)}), else the current frame.
 */
final class StreamHandler implements ApiHandler {
    /** Milliseconds a browser waits before reconnecting a broken stream. */
    static final long RETRY_MILLIS = 2_000;

    private final ApiContext ctx;
    private final boolean session;

    /** @param session whether this is a session's stream (else the cluster's) */
    StreamHandler(ApiContext ctx, boolean session) {
        this.ctx = ctx;
        this.session = session;
    }

    @Override
    public void handle(Call call) throws Exception {
        StreamHub hub = ctx.streams();
        String key;
        Supplier<FrameSource> source;
        if (session) {
            String id = SessionGetHandler.existing(ctx.node(), call.path("id")).id();
            key = "session:" + id;
            source = () -> new SessionFrames(ctx::node, id);
        } else {
            ctx.node();
            key = "cluster";
            source = () -> new ClusterFrames(ctx::node);
        }
        if (hub.subscribers() >= hub.maxSubscribers()) {
            throw ApiError.unavailable("this node serves " + hub.maxSubscribers() + " streams already; try another node or poll");
        }
        HttpServerExchange ex = call.exchange();
        ex.getResponseHeaders().put(new HttpString("Cache-Control"), "no-store");
        ex.getResponseHeaders().put(new HttpString("X-Accel-Buffering"), "no");
        new ServerSentEventHandler((connection, lastEventId) -> {
            connection.sendRetry(RETRY_MILLIS);   // first: the stream starts with it, before any frame
            StreamSubscriber sub = hub.subscribe(key, source, new SseSink(connection), lastEventId);
            if (sub == null) {
                new SseSink(connection).close();
                return;
            }
            connection.addCloseTask(c -> sub.close("client closed"));
        }).handleRequest(ex);
    }
}
