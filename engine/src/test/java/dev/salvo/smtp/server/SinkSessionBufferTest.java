package dev.salvo.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session driven through an {@link EmbeddedChannel}, byte for byte, with an allocator that
 * remembers every buffer it made: at the end each one must have been released.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SinkSessionBufferTest {

    /** Hands out unpooled heap buffers and keeps them, to check ownership at the end. */
    static final class TrackingAllocator extends AbstractByteBufAllocator {
        final List<ByteBuf> made = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            made.add(b);
            return b;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        ByteBuf ascii(String s) {
            return buffer().writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private final TrackingAllocator alloc = new TrackingAllocator();

    private EmbeddedChannel session(SinkConfig.Builder config) throws IOException {
        SinkConfig c = config.captureLimit(10).build();
        SinkShared shared = new SinkShared(c, new SinkStats(), new RecipientPolicy(c), new MessageStore(c), null, new EhloReply(c), null);
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(new SinkSession(shared));
        ch.pipeline().fireChannelActive();
        return ch;
    }

    private static String replies(EmbeddedChannel ch) {
        StringBuilder s = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            s.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return s.toString();
    }

    @Test
    void fragmentedTransactionReleasesEveryBuffer() throws Exception {
        EmbeddedChannel ch = session(SinkConfig.builder().maxSize(100));
        assertThat(replies(ch)).startsWith("220 ");
        String script = "EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n..x\r\ny\r\n.\r\n"
                + "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nBDAT 3\r\nabcBDAT 2 LAST\r\nde"
                + "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n" + "z".repeat(150) + "\r\n.\r\n"
                + "NOOP " + "n".repeat(600) + "\r\nRSET\r\n";
        // One byte per read: every framing decision meets a boundary somewhere.
        for (int i = 0; i < script.length(); i++) {
            ch.writeInbound(alloc.ascii(script.substring(i, i + 1)));
        }
        String out = replies(ch);
        assertThat(out).contains("250 2.0.0 Chunk received\r\n", "552 5.3.4", "500 5.5.2 Line too long\r\n")
                .endsWith("250 2.0.0 OK\r\n");
        assertThat(out.split("250 2.0.0 Message accepted", -1)).hasSize(3);
        ch.finishAndReleaseAll();
        assertThat(alloc.made).isNotEmpty().allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void closingMidMessageReleasesTheContent() throws Exception {
        EmbeddedChannel ch = session(SinkConfig.builder());
        ch.writeInbound(alloc.ascii("EHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\npartial line\r\nand mo"));
        assertThat(replies(ch)).contains("354 ");
        ch.close();
        ch.finishAndReleaseAll();
        assertThat(alloc.made).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void bytesPipelinedAfterStartTlsAreNeverProcessed() throws Exception {
        SinkConfig c = SinkConfig.builder().selfSignedTls().captureLimit(1).build();
        SinkShared shared = new SinkShared(c, new SinkStats(), new RecipientPolicy(c), new MessageStore(c),
                SinkTls.create(c), new EhloReply(c), null);
        EmbeddedChannel ch = new EmbeddedChannel(new SinkSession(shared));
        replies(ch);
        ch.writeInbound(ch.alloc().buffer().writeBytes("EHLO c\r\nSTARTTLS\r\nRSET\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII)));
        String out = replies(ch);
        assertThat(out).startsWith("250-localhost").endsWith("220 2.0.0 Ready to start TLS\r\n");
        assertThat(out.split("\r\n")).filteredOn(l -> !l.startsWith("250-")).hasSize(2);
        assertThat(ch.pipeline().first()).isInstanceOf(io.netty.handler.ssl.SslHandler.class);
        assertThat(ch.isOpen()).isTrue();
        // Clear text that reaches the SslHandler now is not TLS: the connection fails, nothing is answered.
        ch.writeInbound(ch.alloc().buffer().writeBytes("QUIT\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void manyMessagesInOneReadAreAnsweredWithoutRecursion() throws Exception {
        EmbeddedChannel ch = session(SinkConfig.builder());
        replies(ch);
        StringBuilder script = new StringBuilder("EHLO c\r\n");
        for (int i = 0; i < 5000; i++) {
            script.append("MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\nx\r\n.\r\n");
        }
        ch.writeInbound(alloc.ascii(script.toString()));
        assertThat(replies(ch).split("250 2.0.0 Message accepted", -1)).hasSize(5001);
        ch.finishAndReleaseAll();
        assertThat(alloc.made).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }
}
