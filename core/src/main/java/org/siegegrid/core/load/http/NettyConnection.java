package org.siegegrid.core.load.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import org.siegegrid.core.load.Connection;
import org.siegegrid.core.load.ConnectionListener;
import org.siegegrid.core.load.PreparedRequest;
import org.siegegrid.core.report.ErrorKind;

/**
 * One keep-alive connection and its handler. Used only on its event loop. A request's failure is
 * reported from channelInactive (always a later event than the call that caused it); once the
 * owner calls {@link #close()} it only hears {@code closed}.
 */
final class NettyConnection extends ChannelInboundHandlerAdapter implements Connection {
    private static final int CONNECTING = 0;
    private static final int OPEN = 1;
    private static final int CLOSED = 2;

    private final Origin origin;
    private final String key;
    private final ConnectionListener listener;
    private final EventLoop loop;
    private final ResponseParser parser = new ResponseParser();
    private Channel channel;
    private int state = CONNECTING;
    private boolean inFlight;
    private boolean reusable;
    private boolean abandoned;
    private boolean closedReported;
    private ErrorKind pendingFailure;

    NettyConnection(Origin origin, ConnectionListener listener, EventLoop loop) {
        this.origin = origin;
        this.key = origin.key();
        this.listener = listener;
        this.loop = loop;
    }

    void connect(Bootstrap base, NettyTransport transport, long timeoutNanos) {
        if (origin.address() == null) {
            failConnect(ErrorKind.DNS);
            return;
        }
        int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
        Bootstrap b = base.clone().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMs);
        if (origin.tls()) {
            b.handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    SslHandler ssl = transport.sslContext().newHandler(ch.alloc(), origin.host(), origin.port());
                    ssl.handshakeFuture().addListener(f -> {
                        if (f.isSuccess()) {
                            loop.execute(NettyConnection.this::onConnected);
                        } else if (pendingFailure == null) {
                            pendingFailure = ErrorKind.TLS;
                        }
                    });
                    ch.pipeline().addLast(ssl, NettyConnection.this);
                }
            });
        } else {
            b.handler(this);
        }
        ChannelFuture f = b.connect(origin.address());
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                failConnect(classifyConnect(done.cause()));
            } else if (!origin.tls()) {
                loop.execute(this::onConnected);
            }
        });
    }

    private void failConnect(ErrorKind kind) {
        state = CLOSED;
        loop.execute(() -> {
            if (!abandoned) {
                listener.failed(this, kind);
            }
            reportClosed();
        });
    }

    private void onConnected() {
        if (state != CONNECTING || !channel.isActive()) {
            return; // channelInactive reports it
        }
        state = OPEN;
        reusable = true;
        if (!abandoned) {
            listener.connected(this);
        }
    }

    @Override
    public String origin() {
        return key;
    }

    @Override
    public boolean reusable() {
        return reusable && !inFlight && state == OPEN;
    }

    @Override
    public void send(PreparedRequest request) {
        EncodedRequest r = (EncodedRequest) request;
        inFlight = true;
        parser.begin(r.head);
        channel.writeAndFlush(r.duplicate(), channel.voidPromise());
    }

    @Override
    public void send(PreparedRequest request, String cookie) {
        if (cookie == null) {
            send(request);
            return;
        }
        EncodedRequest r = (EncodedRequest) request;
        inFlight = true;
        parser.begin(r.head);
        channel.writeAndFlush(r.withCookie(channel.alloc(), cookie), channel.voidPromise());
    }

    @Override
    public void capture(boolean redirects, boolean cookies) {
        parser.capture(redirects, cookies);
    }

    @Override
    public String location() {
        return parser.location();
    }

    @Override
    public java.util.List<String> setCookies() {
        return parser.setCookies();
    }

    @Override
    public void close() {
        abandoned = true;
        reusable = false;
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!inFlight || !(msg instanceof ByteBuf in)) {
                return; // bytes nobody asked for: ignored
            }
            boolean complete;
            try {
                complete = parser.parse(in);
            } catch (IllegalStateException e) {
                pendingFailure = ErrorKind.OTHER;
                reusable = false;
                ctx.close();
                return;
            }
            if (complete) {
                inFlight = false;
                if (!parser.keepAlive()) {
                    reusable = false;
                    ctx.close();
                }
                if (!abandoned) {
                    listener.response(this, parser.status(), parser.bodyBytes());
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (pendingFailure == null) {
            pendingFailure = state == CONNECTING && origin.tls() ? ErrorKind.TLS : classifyInFlight(cause);
        }
        reusable = false;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        int was = state;
        state = CLOSED;
        reusable = false;
        if (!abandoned) {
            if (inFlight) {
                inFlight = false;
                if (parser.completesOnEof()) {
                    listener.response(this, parser.status(), parser.bodyBytes());
                } else {
                    listener.failed(this, pendingFailure != null ? pendingFailure : ErrorKind.RESET);
                }
            } else if (was == CONNECTING) {
                listener.failed(this, pendingFailure != null ? pendingFailure : origin.tls() ? ErrorKind.TLS : ErrorKind.RESET);
            }
        }
        reportClosed();
    }

    private void reportClosed() {
        if (!closedReported) {
            closedReported = true;
            listener.closed(this);
        }
    }

    static ErrorKind classifyConnect(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectTimeoutException) {
                return ErrorKind.TIMEOUT;
            }
            if (c instanceof UnknownHostException) {
                return ErrorKind.DNS;
            }
            if (c instanceof SSLException) {
                return ErrorKind.TLS;
            }
            if (c instanceof ConnectException) {
                String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
                if (m.contains("timed out")) {
                    return ErrorKind.TIMEOUT;
                }
                return m.contains("refused") || c.getMessage() == null ? ErrorKind.REFUSED : ErrorKind.OTHER;
            }
        }
        return ErrorKind.OTHER;
    }

    static ErrorKind classifyInFlight(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return ErrorKind.TLS;
            }
            if (c instanceof IOException) {
                return ErrorKind.RESET;
            }
        }
        return ErrorKind.OTHER;
    }
}
