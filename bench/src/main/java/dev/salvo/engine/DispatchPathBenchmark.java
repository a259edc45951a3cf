package dev.salvo.engine;

import static dev.salvo.bench.EventLoopThreads.CUSTOM_EXECUTOR;
import static dev.salvo.bench.EventLoopThreads.NO_LEAK_DETECTION;
import static dev.salvo.bench.EventLoopThreads.THIS_EXECUTOR;

import dev.salvo.api.EngineStats;
import dev.salvo.config.Backoff;
import dev.salvo.config.Rate;
import dev.salvo.config.RetryPolicy;
import dev.salvo.config.SalvoConfig;
import dev.salvo.config.Shaping;
import dev.salvo.events.DeliveryEvent;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.CannedSession;
import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.DsnOptions;
import dev.salvo.smtp.SmtpReply;
import dev.salvo.smtp.TlsMode;
import dev.salvo.smtp.TrustSource;
import dev.salvo.throttle.RetrySchedule;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * The engine's dispatch path for one message in steady state, without sockets: the real
 * {@link DispatchLoop} routes a queued recipient (a known domain), its destination's GCRA throttle
 * gives a slot, a pooled session takes the transaction and encodes it into a real
 * {@code SmtpClientHandler} on an {@code EmbeddedChannel}, canned replies settle it, the completion
 * comes back through the loop's MPSC queue and {@code onSent} records the outcome. Driven by hand on
 * one thread ({@code requeueForBenchmark}, {@code runOnceForBenchmark}), so the event loop's part
 * runs inline, as the session benchmark's does.
 *
 * <p>{@code dispatchOneMessage} is the whole cycle. {@code outcomeRecordOnly} is the one piece of it
 * that allocates by design: the {@link DeliveryEvent} (with its timestamp and the recipient's text)
 * handed to the events log and listeners. Their difference is what routing, throttling, encoding
 * and completing cost.
 *
 * <p>The envelope claims more recipients than the run can finish, so the shared content is never
 * released while the same queued recipient is routed again and again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {NO_LEAK_DETECTION, CUSTOM_EXECUTOR, THIS_EXECUTOR})
public class DispatchPathBenchmark {
    private CannedSession session;
    private DispatchLoop loop;
    private OutcomeLog outcomes;
    private EngineStats.Counters counters;
    private MessageContent content;
    private QueuedRecipient recipient;
    private ByteBuf groupReplies;
    private ByteBuf queuedReply;
    private SmtpReply delivered;

    @Setup(Level.Trial)
    public void setUp() {
        session = new CannedSession();
        ConnectionSettings relay = ConnectionSettings.relay("mx.test", 25).withTls(TlsMode.NONE, TrustSource.system())
                .withEhloName("client.test");
        // A rate the benchmark never reaches, so the GCRA does its arithmetic and always grants a slot.
        Shaping shaping = new Shaping(1, 60, 0, 50, Rate.parse("100000000/s"), Duration.ofMinutes(10), Backoff.DEFAULT);
        SalvoConfig base = SalvoConfig.defaultConfig();
        SalvoConfig config = new SalvoConfig("client.test", shaping, RetryPolicy.DEFAULT, base.routes(), List.of(), List.of(),
                base.testMode(), base.dkim());
        counters = new EngineStats.Counters();
        outcomes = new OutcomeLog(null, null, Clock.systemUTC(), counters,
                new Bounces(dev.salvo.api.BounceOptions.defaults(), Clock.systemUTC()));
        RetryPolicy p = config.retry();
        loop = new DispatchLoop(1024, new Router(config, null, relay, name -> null), null, outcomes,
                new RetrySchedule(p.initial(), p.factor(), p.maxInterval(), p.jitter(), p.maxAge()), System::nanoTime, counters, null, null);
        loop.connector = settings -> CompletableFuture.completedFuture(session.connection());

        content = MessageContent.of(("From: a@sender.example\r\nTo: b@recipient.example\r\nSubject: bench\r\n"
                + "Message-ID: <1@sender.example>\r\n\r\n" + "Hello, this is a short message body.\r\n".repeat(20))
                .getBytes(StandardCharsets.US_ASCII));
        Envelope envelope = new Envelope(EmailAddress.parse("a@sender.example"), content.retain(), null, DsnOptions.NONE,
                Integer.MAX_VALUE, System.nanoTime());
        recipient = new QueuedRecipient(envelope, EmailAddress.parse("b@recipient.example"));
        groupReplies = CannedSession.ascii("250 2.1.0 ok\r\n250 2.1.5 ok\r\n354 go\r\n");
        queuedReply = CannedSession.ascii("250 2.0.0 queued\r\n");
        delivered = SmtpReply.local(250, "2.0.0", "queued");

        // First message: routes the domain, creates the destination, opens (adopts) the session.
        recipient.attempts = 0;
        loop.requeueForBenchmark(recipient, System.nanoTime());
        for (int i = 0; i < 3 && session.drainOutbound() == 0; i++) {
            loop.runOnceForBenchmark(System.nanoTime());
        }
        answer();
        long before = counters.snapshot().delivered();
        loop.runOnceForBenchmark(System.nanoTime());
        if (counters.snapshot().delivered() != before + 1) {
            throw new IllegalStateException("the first message was not delivered: " + counters.snapshot());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (!session.connection().isOpen()) {
            throw new IllegalStateException("the session broke during the run; the numbers measure a failure path");
        }
        session.close();
        groupReplies.release();
        queuedReply.release();
        content.release(); // the envelope's reference
        content.release(); // ours
        if (content.refCnt() != 0) {
            throw new IllegalStateException("content refCnt " + content.refCnt());
        }
    }

    /** route → GCRA → slot → encode → canned replies → completion → onSent → outcome. */
    @Benchmark
    public int dispatchOneMessage() {
        recipient.attempts = 0;
        long now = System.nanoTime();
        loop.requeueForBenchmark(recipient, now); // a known domain: a map hit on the address bytes
        loop.runOnceForBenchmark(now); // the destination's GCRA grants a slot; the group is encoded and flushed
        answer();
        loop.runOnceForBenchmark(now); // the completion: bookkeeping, the outcome, the slot back to its connection
        return recipient.attempts; // 1: sent once, and settled (a deferral would have queued it again)
    }

    /** Only the outcome record at the end of the cycle: the event object, its timestamp, the recipient's text. */
    @Benchmark
    public DeliveryEvent.Outcome outcomeRecordOnly() {
        outcomes.record(DeliveryEvent.Outcome.DELIVERED, recipient, "relay:mx.test:25", "mx.test:25", delivered, null);
        return DeliveryEvent.Outcome.DELIVERED;
    }

    private void answer() {
        session.drainOutbound(); // MAIL + RCPT + DATA, one buffer
        session.feed(groupReplies); // 250, 250, 354: the body goes out
        session.drainOutbound();
        session.feed(queuedReply); // the transaction is settled; its slot posts itself back
    }
}
