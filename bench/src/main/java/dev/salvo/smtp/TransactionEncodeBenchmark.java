package dev.salvo.smtp;

import static dev.salvo.bench.EventLoopThreads.CUSTOM_EXECUTOR;
import static dev.salvo.bench.EventLoopThreads.NO_LEAK_DETECTION;
import static dev.salvo.bench.EventLoopThreads.THIS_EXECUTOR;

import dev.salvo.message.EmailAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
 * The command group of one pipelined transaction as {@link TransactionPipeline} writes it (RFC 2920
 * §3.1: MAIL, RCPT, DATA in one flush), with SIZE as most servers offer it. {@link CommandEncoder}
 * promises to allocate nothing, so this should report ~0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {NO_LEAK_DETECTION, CUSTOM_EXECUTOR, THIS_EXECUTOR})
public class TransactionEncodeBenchmark {
    private final EmailAddress from = EmailAddress.parse("newsletter@sender.example.com");
    private final EmailAddress to = EmailAddress.parse("someone.with.a.long.name@recipient.example.org");
    private ByteBuf group;

    @Setup(Level.Trial)
    public void setUp() {
        group = Unpooled.directBuffer(512, 512); // the handler's group buffer is ioBuffer(512)
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        group.release();
    }

    @Benchmark
    public int mailRcptData() {
        group.clear();
        CommandEncoder.mail(group, from, 48_213, true, false, false, DsnOptions.NONE, false);
        CommandEncoder.rcpt(group, to, DsnOptions.NONE, false);
        group.writeBytes(CommandEncoder.DATA);
        return group.writerIndex();
    }
}
