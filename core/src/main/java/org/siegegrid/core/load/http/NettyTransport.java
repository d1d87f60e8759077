package org.siegegrid.core.load.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

import org.siegegrid.core.load.HttpTransport;
import org.siegegrid.core.load.IoLoop;
import org.siegegrid.core.load.PreparedRequest;
import org.siegegrid.core.session.Target;

/**
 * The native engine's HTTP/1.1 client on Netty: epoll when available, NIO otherwise; one event
 * loop per I/O thread; requests pre-encoded once; a minimal response parser; HTTPS through
 * SslHandler without certificate verification (like wrk), SNI = host.
 */
public final class NettyTransport implements HttpTransport {
    private final MultiThreadIoEventLoopGroup group;
    private final List<NettyLoop> loops = new ArrayList<>();
    private final boolean epoll;
    private volatile SslContext ssl;

    public NettyTransport(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        disableLeakDetectionUnlessAsked();
        epoll = Epoll.isAvailable();
        IoHandlerFactory handlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("siegegrid-io", true), handlers);
        Class<? extends Channel> channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        for (EventExecutor e : group) {
            EventLoop loop = (EventLoop) e;
            Bootstrap base = new Bootstrap().group(loop).channel(channelClass)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, false);
            loops.add(new NettyLoop(loop, base, this));
        }
    }

    /**
     * Netty's default leak detector wraps and samples buffers on every read; on the engine's hot
     * path it cost about 8 % of the requests per second (bench, 100-byte file). Our buffers are
     * released in one place (NettyConnection.channelRead); -Dio.netty.leakDetection.level turns it
     * back on.
     */
    private static void disableLeakDetectionUnlessAsked() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    /** True when the native epoll transport is in use. */
    public boolean epoll() {
        return epoll;
    }

    @Override
    public int loopCount() {
        return loops.size();
    }

    @Override
    public IoLoop loop(int index) {
        return loops.get(index);
    }

    @Override
    public PreparedRequest prepare(Target target) {
        return RequestEncoder.encode(target, RequestEncoder.origin(target.url()));
    }

    SslContext sslContext() {
        SslContext s = ssl;
        if (s == null) {
            synchronized (this) {
                if (ssl == null) {
                    try {
                        ssl = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
                    } catch (SSLException e) {
                        throw new IllegalStateException("cannot make the TLS client context", e);
                    }
                }
                s = ssl;
            }
        }
        return s;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
