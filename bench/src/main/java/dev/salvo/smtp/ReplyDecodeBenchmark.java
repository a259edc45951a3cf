package dev.salvo.smtp;

import static dev.salvo.bench.EventLoopThreads.CUSTOM_EXECUTOR;
import static dev.salvo.bench.EventLoopThreads.NO_LEAK_DETECTION;
import static dev.salvo.bench.EventLoopThreads.THIS_EXECUTOR;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * {@link ReplyDecoder} on the replies a sending connection sees most: the same single line for
 * MAIL, RCPT and DATA (which the decoder interns, so it should allocate nothing), the end-of-data
 * reply whose queue id differs every time (new text, so it must allocate the reply), and a
 * 10-line EHLO reply (once per connection, but the largest).
 *
 * <p>The decoder's {@code decode} is called directly (same package, protected access) on one
 * pre-filled buffer whose reader index is rewound each time, so the benchmark itself allocates
 * nothing and neither the pipeline nor the cumulation buffer is measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {NO_LEAK_DETECTION, CUSTOM_EXECUTOR, THIS_EXECUTOR})
public class ReplyDecodeBenchmark {
    private static final String EHLO = "250-mx.example.com Hello client.example.com\r\n"
            + "250-PIPELINING\r\n"
            + "250-SIZE 52428800\r\n"
            + "250-ETRN\r\n"
            + "250-STARTTLS\r\n"
            + "250-ENHANCEDSTATUSCODES\r\n"
            + "250-8BITMIME\r\n"
            + "250-DSN\r\n"
            + "250-SMTPUTF8\r\n"
            + "250 CHUNKING\r\n";
    /** Where the 10 hex digits of the queue id start in {@link #queued}. */
    private static final int QUEUE_ID_AT = "250 2.0.0 Ok: queued as ".length();
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final ReplyDecoder decoder = new ReplyDecoder();
    /** Reused output list, as ByteToMessageDecoder reuses its own. */
    private final List<Object> out = new ArrayList<>(4);
    private ByteBuf ok;
    private ByteBuf queued;
    private ByteBuf ehlo;
    private long queueId;

    @Setup(Level.Trial)
    public void setUp() {
        ok = ascii("250 2.1.5 Ok\r\n");
        queued = ascii("250 2.0.0 Ok: queued as 0000000000\r\n");
        ehlo = ascii(EHLO);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ok.release();
        queued.release();
        ehlo.release();
    }

    /** Steady state hits the interning cache: expect ~0 B/op. */
    @Benchmark
    public Object singleLineCached() {
        return decodeOne(ok);
    }

    /**
     * A new queue id each time, written into the buffer in place (no allocation by the benchmark).
     * Every call misses the cache and also replaces a cache slot with a copy of its line.
     */
    @Benchmark
    public Object singleLineUniqueQueueId() {
        long id = ++queueId;
        for (int i = 9; i >= 0; i--) {
            queued.setByte(QUEUE_ID_AT + i, HEX[(int) (id & 0xF)]);
            id >>>= 4;
        }
        return decodeOne(queued);
    }

    /** Ten lines joined into one reply: a String per line plus the reply and its list. */
    @Benchmark
    public Object ehloTenLines() {
        return decodeOne(ehlo);
    }

    private Object decodeOne(ByteBuf in) {
        in.readerIndex(0);
        out.clear();
        decoder.decode(null, in, out); // ctx is not used by ReplyDecoder.decode
        if (out.size() != 1 || in.isReadable()) {
            throw new AssertionError("expected exactly one reply from the whole buffer, got " + out);
        }
        return out.get(0);
    }

    private static ByteBuf ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return Unpooled.directBuffer(b.length, b.length).writeBytes(b);
    }
}
