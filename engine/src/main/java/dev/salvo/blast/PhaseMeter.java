package dev.salvo.blast;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The latencies of one phase (connect, EHLO, the whole message...). Event loops record into an
 * HdrHistogram {@link Recorder}, which is wait-free for writers; one reader thread (the blast's
 * scheduler) takes the interval histogram each second and adds it to the run's total.
 */
final class PhaseMeter {
    /** Microseconds: fine enough for loopback, and a day of latency still fits a small histogram. */
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(24);

    final String name;
    private final Recorder recorder = new Recorder(1, HIGHEST_MICROS, 3);
    private final Histogram total = new Histogram(1, HIGHEST_MICROS, 3);
    private Histogram interval;

    PhaseMeter(String name) {
        this.name = name;
    }

    /** Any thread, wait-free. Negative means the phase did not happen, and is not recorded. */
    void record(long nanos) {
        if (nanos >= 0) {
            recorder.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, nanos / 1000)));
        }
    }

    /** Reader thread only: what was recorded since the last call, also added to the total. */
    Histogram takeInterval() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval;
    }

    /** Reader thread only; call {@link #takeInterval} first to include the latest values. */
    Histogram total() {
        return total;
    }

    static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    static double maxMillis(Histogram h) {
        return h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0;
    }
}
