package dev.salvo.throttle;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when told, starting below zero as System.nanoTime() may. */
final class FakeNanoClock implements LongSupplier {
    static final long START = -7_000_000_000L;
    private long now = START;

    @Override
    public long getAsLong() {
        return now;
    }

    long advance(long nanos) {
        return now += nanos;
    }

    long advance(Duration d) {
        return advance(d.toNanos());
    }

    /** Nanoseconds since {@link #START}. */
    long elapsed() {
        return now - START;
    }
}
