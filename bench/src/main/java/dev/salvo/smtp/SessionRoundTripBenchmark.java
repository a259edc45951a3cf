package dev.salvo.smtp;

import static dev.salvo.bench.EventLoopThreads.CUSTOM_EXECUTOR;
import static dev.salvo.bench.EventLoopThreads.NO_LEAK_DETECTION;
import static dev.salvo.bench.EventLoopThreads.THIS_EXECUTOR;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One whole pipelined transaction through the real decoder, {@link SmtpClientHandler} and
 * {@link TransactionPipeline} on an {@link EmbeddedChannel}, with canned server replies: the client's
 * CPU cost per message without a network (in the manner of Lettuce's CommandHandler benchmarks).
 *
 * <p>Per operation: send, drain the command group the client flushed, answer MAIL, RCPT and DATA in
 * one read, drain the body, answer the end of data, and join the result. The server's reply texts
 * never change, so the decoder's interning serves them all; what allocates is the client's own
 * per-message state (listed in bench/README.md).
 *
 * <p>The reply buffers are filled once and re-fed by rewinding them: each feed retains the buffer
 * once, and the decoder releases it when it has read it all, so the count returns to 1.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {NO_LEAK_DETECTION, CUSTOM_EXECUTOR, THIS_EXECUTOR})
public class SessionRoundTripBenchmark {
    private EmbeddedChannel channel;
    private ChannelPipeline pipeline;
    private SmtpConnection connection;
    private MessageContent content;
    private Transaction tx;
    private ByteBuf groupReplies;
    private ByteBuf queuedReply;

    @Setup(Level.Trial)
    public void setUp() {
        ConnectionSettings settings = ConnectionSettings.relay("mx.test", 25)
                .withTls(TlsMode.NONE, TrustSource.system())
                .withEhloName("client.test")
                .withChunking(false)
                .withTimeouts(Timeouts.all(Duration.ofSeconds(30)));
        ReplyDecoder decoder = new ReplyDecoder();
        SmtpClientHandler handler = new SmtpClientHandler(settings, "bench", decoder);
        channel = new EmbeddedChannel();
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

        content = MessageContent.of(("From: a@sender.example\r\nTo: b@recipient.example\r\nSubject: bench\r\n"
                + "Message-ID: <1@sender.example>\r\n\r\n" + "Hello, this is a short message body.\r\n".repeat(20))
                .getBytes(StandardCharsets.US_ASCII));
        tx = new Transaction(EmailAddress.parse("a@sender.example"), List.of(EmailAddress.parse("b@recipient.example")), content);
        groupReplies = ascii("250 ok\r\n250 ok\r\n354 go\r\n");
        queuedReply = ascii("250 2.0.0 queued\r\n");
        // A broken session would still complete every future (deferred), so check once that the
        // path measured is the delivered one.
        TransactionResult first = roundTrip();
        if (first.count(DeliveryStatus.DELIVERED) != 1) {
            throw new IllegalStateException("the canned transaction was not delivered: " + first.recipients());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (!connection.isOpen()) {
            throw new IllegalStateException("the session broke during the run; the numbers measure a failure path");
        }
        drainOutbound();
        channel.finishAndReleaseAll();
        groupReplies.release();
        queuedReply.release();
        content.release();
        if (groupReplies.refCnt() != 0 || queuedReply.refCnt() != 0 || content.refCnt() != 0) {
            throw new IllegalStateException("leaked a buffer: reply refCnts " + groupReplies.refCnt() + "/"
                    + queuedReply.refCnt() + ", content " + content.refCnt());
        }
    }

    @Benchmark
    public TransactionResult pipelinedTransaction() {
        return roundTrip();
    }

    /**
     * The same on JMH's plain worker thread, for comparison: there Netty 4.2's Recycler pools nothing,
     * so the two ChannelOutboundBuffer entries and the payload's PooledDuplicatedByteBuf are new
     * objects every time. This is what the client would cost off an event loop, not what it costs on one.
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = NO_LEAK_DETECTION)
    public TransactionResult pipelinedTransactionOnPlainThread() {
        return roundTrip();
    }

    private TransactionResult roundTrip() {
        CompletableFuture<TransactionResult> f = connection.send(tx); // EmbeddedChannel: runs inline
        drainOutbound(); // MAIL + RCPT + DATA, one buffer
        feed(groupReplies); // 250 MAIL, 250 RCPT, 354 DATA: the body goes out
        drainOutbound(); // the body (a retained duplicate of the shared payload)
        feed(queuedReply);
        return f.join();
    }

    /** One server read: rewinds and retains the shared buffer; the decoder releases it when read. */
    private void feed(ByteBuf replies) {
        replies.readerIndex(0).retain();
        pipeline.fireChannelRead(replies);
        pipeline.fireChannelReadComplete();
    }

    private void feedOnce(String wire) {
        ByteBuf b = ascii(wire);
        feed(b);
        b.release();
        channel.runPendingTasks();
    }

    private void drainOutbound() {
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            b.release();
        }
    }

    private static ByteBuf ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return Unpooled.directBuffer(b.length, b.length).writeBytes(b);
    }
}
