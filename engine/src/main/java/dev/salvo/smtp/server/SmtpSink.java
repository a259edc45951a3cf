package dev.salvo.smtp.server;

import dev.salvo.smtp.NettyTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Salvo's SMTP server for tests, the demo and load tests: accepts mail, counts it, keeps or files
 * it, and misbehaves on request (see {@link SinkConfig}).
 *
 * <pre>{@code
 * try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().captureLimit(100).build())) {
 *     int port = sink.port();
 *     ...
 *     sink.stats().messagesAccepted();
 * }
 * }</pre>
 */
public final class SmtpSink implements AutoCloseable {
    private final SinkShared shared;
    private final EventLoopGroup group;
    private final Channel server;

    private SmtpSink(SinkShared shared, EventLoopGroup group, Channel server) {
        this.shared = shared;
        this.group = group;
        this.server = server;
    }

    /**
     * Binds and starts accepting. Throws {@link IOException} when the address cannot be bound or
     * the certificate, key or maildir cannot be used.
     */
    public static SmtpSink start(SinkConfig config) throws IOException {
        return start(config, null);
    }

    /**
     * Like {@link #start(SinkConfig)}, with {@code handler} deciding recipients and taking each accepted
     * message (see {@link InboundHandler}); null for a plain sink.
     */
    public static SmtpSink start(SinkConfig config, InboundHandler handler) throws IOException {
        SinkTls tls = SinkTls.create(config);
        MessageStore store = new MessageStore(config, handler);
        SinkShared shared = new SinkShared(config, new SinkStats(), new RecipientPolicy(config), store, tls, new EhloReply(config),
                handler);
        EventLoopGroup group = NettyTransport.newGroup(0);
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(NettyTransport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (config.implicitTls()) {
                            p.addLast("tls", tls.newHandler(ch.alloc(), false));
                        }
                        long idle = config.idleTimeout().toMillis();
                        if (idle > 0) {
                            p.addLast("idle", new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
                        }
                        p.addLast("smtp", new SinkSession(shared));
                    }
                })
                .bind(config.listen())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            store.close();
            Throwable cause = bound.cause();
            throw new IOException("cannot listen on " + NetUtil.toSocketAddressString(config.listen()) + ": "
                    + cause.getMessage(), cause);
        }
        return new SmtpSink(shared, group, bound.channel());
    }

    /** The bound address: the actual port when the config asked for port 0. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    public SinkStats stats() {
        return shared.stats();
    }

    public SinkConfig config() {
        return shared.config();
    }

    /** The server certificate as PEM, for clients to trust; null without TLS. */
    public String trustCertificatePem() {
        return shared.tls() == null ? null : shared.tls().certificatePem();
    }

    /** The most recent messages, up to {@link SinkConfig#captureLimit()}, oldest first. */
    public List<ReceivedMessage> received() {
        return shared.store().captured();
    }

    /** "epoll" or "nio". */
    public String transport() {
        return NettyTransport.name();
    }

    /** Stops listening, closes every connection and waits for pending maildir writes. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        shared.store().close();
    }
}
