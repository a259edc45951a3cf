package dev.salvo.engine;

import static dev.salvo.bench.EventLoopThreads.CUSTOM_EXECUTOR;
import static dev.salvo.bench.EventLoopThreads.NO_LEAK_DETECTION;
import static dev.salvo.bench.EventLoopThreads.THIS_EXECUTOR;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.DsnOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.MpscArrayQueue;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The ingest hand-off: {@code SalvoEngine.submit} threads offer {@link IngestItem}s, the one
 * dispatch thread drains them, {@link DispatchLoop#drainIngest} style, with {@code drain(consumer,
 * 4096)}. One message here is one {@link IngestItem} (one submission), pre-built, so only the queue
 * is measured, not the caller's allocation of the item.
 *
 * <p>{@code handoff} is the engine's shape: a producer thread and the consumer thread running at
 * once (a JMH group, one thread each; two cores leave no room for more producers to mean anything).
 * Neither side blocks: a full queue is counted ({@code full}, the engine's BACKPRESSURE) and the
 * producer yields before it offers again; an empty drain is counted ({@code empty}) and the consumer
 * yields where the dispatch loop would park. Without the yields, on a loaded 2-core machine the two
 * threads often share a core, and the one that spins on a full or empty queue holds the core the
 * other needs: end to end fell to about 2.6 M messages/s while each side reported tens of millions of
 * calls (a run at commit faa50fe).
 *
 * <p>The end-to-end rate is the {@code drained} counter, messages per second that crossed threads. JMH
 * normalises {@code gc.alloc.rate.norm} over the calls of both methods, so for a node-allocating
 * queue it is below the bytes per message; {@code offerThenDrain} gives those exactly.
 *
 * <p>{@code offerThenDrain} is one thread offering a batch of 1,024 then draining it: no cache line
 * crosses a core, so it is the queue's own cost and its exact bytes per message (one op = one
 * message, through {@link OperationsPerInvocation}).
 *
 * <p>The j.u.c. queues are drained as they would be in the loop: {@code ArrayBlockingQueue} with
 * {@code drainTo} into a reused list (one lock per batch, its best case), {@code
 * ConcurrentLinkedQueue} by polling (it has no batch drain).
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {NO_LEAK_DETECTION, CUSTOM_EXECUTOR, THIS_EXECUTOR})
public class IngestQueueBenchmark {
    /** As {@code EngineOptions.of} and {@link DispatchLoop}. */
    private static final int CAPACITY = 65_536;
    private static final int DRAIN_LIMIT = 4096;
    private static final int BATCH = 1024;
    /** A few distinct items, so the consumer does not read one hot object only. */
    private static final int ITEMS = 64;

    @Param({"mpsc", "abq", "clq"})
    public String queue;

    private Handoff handoff;
    private MessageContent content;
    private IngestItem[] items;

    @Setup(Level.Trial)
    public void setUp() {
        content = MessageContent.of(("From: news@sender.example\r\nDate: Sat, 28 Nov 2026 12:00:00 +0000\r\n"
                + "Message-ID: <1@sender.example>\r\nSubject: hi\r\n\r\nHello.\r\n").getBytes(StandardCharsets.US_ASCII));
        EmailAddress from = EmailAddress.parse("news@sender.example");
        items = new IngestItem[ITEMS];
        for (int i = 0; i < ITEMS; i++) {
            Envelope e = new Envelope(from, content, "campaign", DsnOptions.NONE, 1, i);
            items[i] = new IngestItem(e, List.of(EmailAddress.parse("user" + i + "@domain" + i + ".example")));
        }
        handoff = switch (queue) {
            case "mpsc" -> new Mpsc();
            case "abq" -> new Abq();
            case "clq" -> new Clq();
            default -> throw new IllegalArgumentException("unknown queue " + queue);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        content.release();
    }

    /** Per-thread counts, reported by JMH as rates next to the benchmark's own. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counts {
        public long offered;
        public long full;
        public long drained;
        public long empty;
        int next;

        @Setup(Level.Iteration)
        public void reset() {
            offered = 0;
            full = 0;
            drained = 0;
            empty = 0;
        }
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public void offer(Counts c) {
        IngestItem item = items[c.next++ & (ITEMS - 1)];
        if (handoff.offer(item)) {
            c.offered++;
        } else {
            c.full++;
            Thread.yield();
        }
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public void drain(Counts c) {
        int n = handoff.drain(DRAIN_LIMIT);
        if (n == 0) {
            c.empty++;
            Thread.yield();
        }
        c.drained += n;
    }

    /** The same queue, one thread: a batch in, the batch out (a group of one, for the group-scoped state). */
    @Benchmark
    @Group("offerThenDrain")
    @GroupThreads(1)
    @OperationsPerInvocation(BATCH)
    public long offerThenDrain() {
        for (int i = 0; i < BATCH; i++) {
            handoff.offer(items[i & (ITEMS - 1)]);
        }
        int n = handoff.drain(BATCH);
        assert n == BATCH;
        return handoff.sink;
    }

    /**
     * The queue under test and what the dispatch thread does with an item (here: sum its accepted-at
     * times). Only one subclass is loaded per fork, so the calls stay monomorphic and inline.
     */
    private abstract static class Handoff implements MessagePassingQueue.Consumer<IngestItem> {
        long sink;

        abstract boolean offer(IngestItem item);

        /** Hands at most {@code limit} items to {@link #accept}; returns how many. */
        abstract int drain(int limit);

        @Override
        public final void accept(IngestItem item) {
            sink += item.envelope().firstSeen;
        }
    }

    private static final class Mpsc extends Handoff {
        private final MpscArrayQueue<IngestItem> q = new MpscArrayQueue<>(CAPACITY);

        @Override
        boolean offer(IngestItem item) {
            return q.offer(item);
        }

        @Override
        int drain(int limit) {
            return q.drain(this, limit);
        }
    }

    private static final class Abq extends Handoff {
        private final ArrayBlockingQueue<IngestItem> q = new ArrayBlockingQueue<>(CAPACITY);
        private final ArrayList<IngestItem> batch = new ArrayList<>(DRAIN_LIMIT);

        @Override
        boolean offer(IngestItem item) {
            return q.offer(item);
        }

        @Override
        int drain(int limit) {
            int n = q.drainTo(batch, limit);
            for (int i = 0; i < n; i++) {
                accept(batch.get(i));
            }
            batch.clear();
            return n;
        }
    }

    /**
     * Unbounded, so bounded here the way the engine would have to: the producer counts what it
     * offered and refuses at {@link #CAPACITY} ahead of what the consumer published after its last
     * drain (one volatile write per drain, one read per offer; {@code size()} would walk the list).
     */
    private static final class Clq extends Handoff {
        private final ConcurrentLinkedQueue<IngestItem> q = new ConcurrentLinkedQueue<>();
        private long offered;
        private long drained;
        private volatile long drainedPublished;

        @Override
        boolean offer(IngestItem item) {
            if (offered - drainedPublished >= CAPACITY) {
                return false;
            }
            offered++;
            return q.offer(item);
        }

        @Override
        int drain(int limit) {
            int n = 0;
            IngestItem item;
            while (n < limit && (item = q.poll()) != null) {
                accept(item);
                n++;
            }
            if (n > 0) {
                drained += n;
                drainedPublished = drained;
            }
            return n;
        }
    }
}
