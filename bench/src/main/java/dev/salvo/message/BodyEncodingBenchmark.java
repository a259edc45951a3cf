package dev.salvo.message;

import static dev.salvo.bench.EventLoopThreads.CUSTOM_EXECUTOR;
import static dev.salvo.bench.EventLoopThreads.NO_LEAK_DETECTION;
import static dev.salvo.bench.EventLoopThreads.THIS_EXECUTOR;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link BodyEncoding#normalise}, the one pass that every message body takes when it is prepared:
 * a heap source (a file or an API byte[]) into a direct destination, as {@link MessageContent#of}
 * does. Two shapes bracket real mail: {@code CRLF} is already wire-ready, which should be one bulk
 * copy; {@code LF_DOTS} has bare LF line ends (Unix files) and every 10th line starting with '.',
 * which forces a write per line and, with stuffing, one more per dotted line.
 *
 * <p>Throughput in bytes comes out as the secondary metric {@code inputBytes} (input bytes per
 * second; divide by 1e6 for MB/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {NO_LEAK_DETECTION, CUSTOM_EXECUTOR, THIS_EXECUTOR})
public class BodyEncodingBenchmark {
    /** Typical body line: RFC 5322 §2.1.1 recommends at most 78 characters. */
    private static final int LINE = 76;

    @Param({"1024", "20480", "102400"})
    public int size;

    @Param({"CRLF", "LF_DOTS"})
    public String shape;

    @Param({"true", "false"})
    public boolean stuff;

    private ByteBuf src;
    private ByteBuf dst;

    /** Input bytes normalised, reported per second next to ops/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long inputBytes;

        @Setup(Level.Iteration)
        public void reset() {
            inputBytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        src = Unpooled.wrappedBuffer(body(size, shape.equals("LF_DOTS")));
        int capacity = BodyEncoding.normalisedLength(src, stuff);
        dst = Unpooled.directBuffer(capacity, capacity);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        src.release();
        dst.release();
    }

    @Benchmark
    public int normalise(Bytes counter) {
        dst.clear();
        BodyEncoding.normalise(src, dst, stuff);
        counter.inputBytes += size;
        return dst.writerIndex();
    }

    /**
     * Exactly {@code size} bytes of printable ASCII in LINE-long lines, ending with a line end; the
     * last line takes up the remainder (up to twice LINE) so the size comes out exact.
     */
    static byte[] body(int size, boolean lfWithDots) {
        byte[] b = new byte[size];
        int eol = lfWithDots ? 1 : 2;
        int pos = 0;
        for (int line = 0; pos < size; line++) {
            int rest = size - pos - eol;
            int text = rest <= 2 * (LINE - eol) ? rest : LINE - eol;
            for (int c = 0; c < text; c++) {
                b[pos + c] = (byte) ('a' + (pos + c + line) % 26);
            }
            if (lfWithDots && line % 10 == 0 && text > 0) {
                b[pos] = '.';
            }
            pos += text;
            if (!lfWithDots) {
                b[pos++] = '\r';
            }
            b[pos++] = '\n';
        }
        return b;
    }
}
