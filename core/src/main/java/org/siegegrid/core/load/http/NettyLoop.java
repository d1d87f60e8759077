package org.siegegrid.core.load.http;

import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;

import org.siegegrid.core.load.Connection;
import org.siegegrid.core.load.ConnectionListener;
import org.siegegrid.core.load.IoLoop;
import org.siegegrid.core.load.PreparedRequest;

/** One Netty event loop as an {@link IoLoop}. */
final class NettyLoop implements IoLoop {
    private final EventLoop loop;
    private final Bootstrap base;
    private final NettyTransport transport;

    NettyLoop(EventLoop loop, Bootstrap base, NettyTransport transport) {
        this.loop = loop;
        this.base = base;
        this.transport = transport;
    }

    @Override
    public boolean inLoop() {
        return loop.inEventLoop();
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public void schedule(Runnable task, long delayNanos) {
        loop.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public Connection connect(PreparedRequest forOrigin, long timeoutNanos, ConnectionListener listener) {
        EncodedRequest r = (EncodedRequest) forOrigin;
        NettyConnection c = new NettyConnection(r.origin, listener, loop);
        c.connect(base, transport, timeoutNanos);
        return c;
    }
}
