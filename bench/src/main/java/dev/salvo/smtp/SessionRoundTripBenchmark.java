package dev.salvo.smtp;

import static dev.salvo.bench.EventLoopThreads.CUSTOM_EXECUTOR;
import static dev.salvo.bench.EventLoopThreads.NO_LEAK_DETECTION;
import static dev.salvo.bench.EventLoopThreads.THIS_EXECUTOR;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
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
 * {@link TransactionPipeline} on an {@code EmbeddedChannel}, with canned server replies: the client's
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
    private CannedSession session;
    private SmtpConnection connection;
    private MessageContent content;
    private Transaction tx;
    private ByteBuf groupReplies;
    private ByteBuf queuedReply;

    @Setup(Level.Trial)
    public void setUp() {
        session = new CannedSession();
        connection = session.connection();
        content = MessageContent.of(("From: a@sender.example\r\nTo: b@recipient.example\r\nSubject: bench\r\n"
                + "Message-ID: <1@sender.example>\r\n\r\n" + "Hello, this is a short message body.\r\n".repeat(20))
                .getBytes(StandardCharsets.US_ASCII));
        tx = new Transaction(EmailAddress.parse("a@sender.example"), List.of(EmailAddress.parse("b@recipient.example")), content);
        groupReplies = CannedSession.ascii("250 ok\r\n250 ok\r\n354 go\r\n");
        queuedReply = CannedSession.ascii("250 2.0.0 queued\r\n");
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
        session.close();
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
        session.drainOutbound(); // MAIL + RCPT + DATA, one buffer
        session.feed(groupReplies); // 250 MAIL, 250 RCPT, 354 DATA: the body goes out
        session.drainOutbound(); // the body (a retained duplicate of the shared payload)
        session.feed(queuedReply);
        return f.join();
    }
}
