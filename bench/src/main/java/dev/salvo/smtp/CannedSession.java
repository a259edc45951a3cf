package dev.salvo.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * For benchmarks outside this package: an open client session on an {@link EmbeddedChannel} (the
 * real decoder and handler, no socket) that a benchmark answers with canned replies, as
 * {@link SessionRoundTripBenchmark} does. Everything runs inline on the calling thread.
 */
public final class CannedSession {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ChannelPipeline pipeline;
    private final SmtpConnection connection;

    /** Opens a plaintext session to "mx.test:25" whose server offers PIPELINING, SIZE and 8BITMIME. */
    public CannedSession() {
        ConnectionSettings settings = ConnectionSettings.relay("mx.test", 25)
                .withTls(TlsMode.NONE, TrustSource.system())
                .withEhloName("client.test")
                .withChunking(false)
                .withTimeouts(Timeouts.all(Duration.ofSeconds(30)));
        ReplyDecoder decoder = new ReplyDecoder();
        SmtpClientHandler handler = new SmtpClientHandler(settings, "bench", decoder);
        channel.freezeTime(); // deadlines are armed once and never fire
        handler.connection().bind(channel);
        channel.pipeline().addLast("replies", decoder);
        channel.pipeline().addLast("session", handler);
        channel.pipeline().fireChannelActive();
        pipeline = channel.pipeline();
        feedOnce("220 mx.test ESMTP\r\n");
        drainOutbound();
        feedOnce("250-mx.test\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n250 8BITMIME\r\n");
        if (!handler.opened.isDone() || handler.opened.isCompletedExceptionally()) {
            throw new IllegalStateException("session did not open: " + handler.opened);
        }
        connection = handler.connection();
    }

    public SmtpConnection connection() {
        return connection;
    }

    /**
     * One server read of {@code replies}: rewinds it and retains it once; the decoder releases that
     * reference when it has read it all, so the caller's own reference is untouched.
     */
    public void feed(ByteBuf replies) {
        replies.readerIndex(0).retain();
        pipeline.fireChannelRead(replies);
        pipeline.fireChannelReadComplete();
    }

    /** Reads and releases whatever the client wrote; returns how many bytes that was. */
    public int drainOutbound() {
        int n = 0;
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            n += b.readableBytes();
            b.release();
        }
        return n;
    }

    /** Releases what is left in the channel. */
    public void close() {
        drainOutbound();
        channel.finishAndReleaseAll();
    }

    /** A direct buffer holding {@code s}; the caller releases it. */
    public static ByteBuf ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return Unpooled.directBuffer(b.length, b.length).writeBytes(b);
    }

    private void feedOnce(String wire) {
        ByteBuf b = ascii(wire);
        feed(b);
        b.release();
        channel.runPendingTasks();
    }
}
