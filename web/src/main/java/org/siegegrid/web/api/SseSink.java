package org.siegegrid.web.api;

import java.io.IOException;
import java.util.function.Consumer;

import io.undertow.server.handlers.sse.ServerSentEventConnection;
import org.xnio.IoUtils;

/**
 * A {@link StreamSink} on Undertow's non-blocking SSE connection: {@code send} queues the event and
 * the connection's IO thread writes it; nothing here waits for the client.
 */
final class SseSink implements StreamSink {
    private final ServerSentEventConnection connection;

    SseSink(ServerSentEventConnection connection) {
        this.connection = connection;
    }

    @Override
    public void send(String event, String id, String data, Runnable written, Consumer<Exception> failed) {
        connection.send(data, event, id, new ServerSentEventConnection.EventCallback() {
            @Override
            public void done(ServerSentEventConnection c, String d, String e, String i) {
                written.run();
            }

            @Override
            public void failed(ServerSentEventConnection c, String d, String e, String i, IOException ex) {
                failed.accept(ex);
            }
        });
    }

    @Override
    public void end() {
        connection.shutdown();
    }

    @Override
    public void close() {
        IoUtils.safeClose(connection);
    }
}
