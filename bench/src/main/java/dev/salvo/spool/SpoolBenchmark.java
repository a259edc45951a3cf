package dev.salvo.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable acceptance: four submitters each put one recipient and wait until it is acknowledged,
 * as an injector would before answering 250. SYNC shows what group commit makes of the fsync (the
 * four share batches); MEMORY is the same path with no disk, the ceiling. The spool lives in a
 * fresh directory under {@code java.io.tmpdir} (put that on the disk you mean to measure).
 *
 * <p>{@code java -jar bench/target/benchmarks.jar SpoolBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class SpoolBenchmark {
    @Param({"SYNC", "MEMORY"})
    public String durability;

    private Path dir;
    private Spool spool;
    private ContentId content;
    private final AtomicInteger sequence = new AtomicInteger();
    private List<SpooledRecipient> recipient;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("salvo-spool-bench");
        spool = Spool.open(dir, durability.equals("SYNC") ? Durability.SYNC : Durability.MEMORY);
        content = ContentId.next();
        spool.putContent(content, "Subject: bench\r\n\r\nHello.\r\n".getBytes(StandardCharsets.US_ASCII)).join();
        recipient = List.of(SpooledRecipient.queued("someone@example.com".getBytes(StandardCharsets.US_ASCII),
                System.currentTimeMillis()));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        System.out.println();
        System.out.println("spool: " + spool.stats().batches() + " batches, " + spool.stats().syncs() + " fsyncs");
        spool.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public void acceptOneRecipient() {
        spool.putRecipients(content, sequence.getAndIncrement() & Integer.MAX_VALUE, recipient).join();
    }
}
