package dev.salvo.smtp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens client SMTP sessions. One client owns an event loop group (native epoll where the platform
 * has it, NIO otherwise) shared by all its connections; close it when done.
 */
public final class SmtpClient implements AutoCloseable {
    private static final AtomicLong IDS = new AtomicLong();

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;

    /** A client with its own event loops: {@code threads} of them (0 = Netty's default, two per core). */
    public SmtpClient(int threads) {
        this.group = NettyTransport.newGroup(threads);
        this.channelType = NettyTransport.socketChannel();
    }

    /** Opens a session; the future completes when it is ready for transactions, or fails with a {@link SessionFailure}. */
    public CompletableFuture<SmtpConnection> connect(ConnectionSettings settings) {
        if (settings.tlsMode() != TlsMode.NONE) {
            ClientTls.context(settings.trust()); // a bad trust file is an error now, not on the event loop
        }
        String id = "c" + IDS.incrementAndGet();
        ReplyDecoder decoder = new ReplyDecoder();
        SmtpClientHandler handler = new SmtpClientHandler(settings, id, decoder);
        // Event loops keep time on the system ticker, so this start mark lines up with theirs.
        handler.connectStarted(Ticker.systemTicker().nanoTime());
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.timeouts().connect().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (settings.tlsMode() == TlsMode.IMPLICIT) {
                            ch.pipeline().addLast("tls", ClientTls.newHandler(ch.alloc(), settings));
                        }
                        ch.pipeline().addLast("replies", decoder);
                        ch.pipeline().addLast("session", handler);
                    }
                });
        ChannelFuture f = settings.localAddress() == null
                ? b.connect(settings.host(), settings.port())
                : b.connect(new java.net.InetSocketAddress(settings.host(), settings.port()), settings.localAddress());
        Channel ch = f.channel();
        handler.connection().bind(ch);
        f.addListener(cf -> {
            if (!cf.isSuccess()) {
                handler.failConnect(cf.cause());
            }
        });
        return handler.opened;
    }

    /** The client's event loops, for other asynchronous I/O that belongs beside the sessions (DNS). */
    public EventLoopGroup eventLoopGroup() {
        return group;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
