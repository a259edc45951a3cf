package dev.salvo.bench;

import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JMH executor whose worker threads are Netty {@link FastThreadLocalThread}s, like the event loop
 * threads the client runs on in production.
 *
 * <p>Why: on any other thread Netty 4.2 pools nothing. {@code Recycler.get()} returns a new object
 * (ChannelOutboundBuffer entries, pooled duplicates) and {@code ByteBufUtil.decodeString} a new temp
 * array, so a benchmark on JMH's plain worker threads reports allocations an event loop never makes.
 * The fork arguments below select this class through JMH's {@code jmh.executor=CUSTOM} hook; JMH
 * calls the {@code (int, String)} constructor.
 */
public final class EventLoopThreads extends ThreadPoolExecutor {
    // Fork arguments for every benchmark. The leak detector is off so that its sampling (SIMPLE, the
    // default, records a trace for about 1 in 128 buffers) is not counted as the client's allocation.
    public static final String NO_LEAK_DETECTION = "-Dio.netty.leakDetection.level=disabled";
    public static final String CUSTOM_EXECUTOR = "-Djmh.executor=CUSTOM";
    public static final String THIS_EXECUTOR = "-Djmh.executor.class=dev.salvo.bench.EventLoopThreads";

    public EventLoopThreads(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), factory(prefix));
    }

    private static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        // The (Runnable, String) constructor wraps the task so the thread cleans up its
        // FastThreadLocals, which is what makes Netty treat it as one of its own.
        return r -> {
            Thread t = new FastThreadLocalThread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
