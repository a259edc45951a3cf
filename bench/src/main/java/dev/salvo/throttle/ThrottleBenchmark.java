package dev.salvo.throttle;

import static dev.salvo.bench.EventLoopThreads.CUSTOM_EXECUTOR;
import static dev.salvo.bench.EventLoopThreads.NO_LEAK_DETECTION;
import static dev.salvo.bench.EventLoopThreads.THIS_EXECUTOR;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The per-message and per-deferral shaping decisions a destination's thread makes: {@link Gcra}
 * and {@link ConnectionRateLimiter} admissions, {@link Backoff#rateFactor} and
 * {@link RetrySchedule#nextAttemptAt}. All promise to allocate nothing, so each should report ~0 B/op.
 *
 * <p>Time is a field advanced by a fixed step per operation rather than {@code System.nanoTime()},
 * so the clock read is not what is measured and the admit/wait mix is fixed: the GCRA runs at
 * 100,000/s (one per 10 µs) while time moves 7 µs per call, so about 70% of calls admit and the
 * rest are told how long to wait, both branches hot.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {NO_LEAK_DETECTION, CUSTOM_EXECUTOR, THIS_EXECUTOR})
public class ThrottleBenchmark {
    private static final long STEP = 7_000;

    private final Gcra gcra = new Gcra(100_000, 10);
    private final ConnectionRateLimiter connections = new ConnectionRateLimiter(600);
    private final Backoff backoff = new Backoff(Duration.ofMinutes(1), 5, Duration.ofMinutes(1), Duration.ofMinutes(5),
            0.25, Duration.ofMinutes(10));
    private final RetrySchedule retries = new RetrySchedule(Duration.ofMinutes(5), 2, Duration.ofHours(4), 0.1,
            Duration.ofDays(5));
    private final RandomGenerator random = new SplittableRandom(42);
    private long now = -1_000_000_000L;
    private int attempts;

    @Benchmark
    public long gcraTryAcquire() {
        return gcra.tryAcquire(now += STEP);
    }

    /** 600/min against a call every 7 µs: mostly "wait", with an admission every 100 ms of fake time. */
    @Benchmark
    public long connectionTryAcquire() {
        return connections.tryAcquire(now += STEP);
    }

    /** Mid-ramp: a rate-limit reply every 2^20 calls (about 7 s of fake time) keeps the factor below 1. */
    @Benchmark
    public double backoffRateFactor() {
        now += STEP;
        if ((++attempts & 0xFFFFF) == 0) {
            backoff.onRateLimitReply(now);
        }
        return backoff.rateFactor(now);
    }

    /** Attempts 1 to 16 in turn (the interval reaches the 4 h cap at attempt 7), from a recipient first seen a day ago. */
    @Benchmark
    public long retryNextAttemptAt() {
        now += STEP;
        return retries.nextAttemptAt((++attempts & 15) + 1, now - 86_400_000_000_000L, now, random);
    }
}
