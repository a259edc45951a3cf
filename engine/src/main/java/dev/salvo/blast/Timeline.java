package dev.salvo.blast;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Second by second: how many messages finished and how fast, for the live line, the JSON
 * timeline and the HTML charts. Scheduler thread only.
 */
final class Timeline {
    /** One interval; {@code t} is its end in seconds from the start. */
    record Row(double t, double seconds, long msgs, double p50Ms, double p99Ms, long errors) {
        double msgsPerSecond() {
            return seconds <= 0 ? 0 : msgs / seconds;
        }
    }

    private final BlastMeters meters;
    private final PrintWriter live;
    private final long start;
    private final List<Row> rows = new ArrayList<>();
    private long lastTick;
    private long lastFailed;

    /** @param live where the live line goes, or null for --quiet */
    Timeline(BlastMeters meters, PrintWriter live, long startNanos) {
        this.meters = meters;
        this.live = live;
        this.start = startNanos;
        this.lastTick = startNanos;
    }

    /** When the next row is due. */
    long nextTickNanos() {
        return lastTick + 1_000_000_000L;
    }

    /** Closes the interval that ends now: a row, and the live line. */
    void tick(long nowNanos) {
        Histogram interval = null;
        for (PhaseMeter m : meters.phases) {
            Histogram h = m.takeInterval();
            if (m == meters.total) {
                interval = h;
            }
        }
        long failed = meters.failedMessages();
        Row row = new Row((nowNanos - start) / 1e9, (nowNanos - lastTick) / 1e9, interval.getTotalCount(),
                PhaseMeter.millis(interval, 50), PhaseMeter.millis(interval, 99), failed - lastFailed);
        lastTick = nowNanos;
        lastFailed = failed;
        if (row.seconds() < 0.05 && row.msgs() == 0) {
            return; // the closing tick right after a regular one has nothing to say
        }
        rows.add(row);
        if (live != null) {
            live.printf("%6.1fs %,9.0f msg/s  sent %,d  p50 %.2f ms  p99 %.2f ms%s%n", row.t(), row.msgsPerSecond(),
                    meters.sent.sum(), row.p50Ms(), row.p99Ms(), errors());
            live.flush();
        }
    }

    /** Non-2xx reply codes so far, as " errors 421=3 550=1", or nothing. */
    private String errors() {
        StringBuilder s = new StringBuilder();
        for (int code = 300; code < BlastMeters.CODES; code++) {
            long n = meters.replyCodes.get(code);
            if (n > 0) {
                s.append(s.length() == 0 ? "  errors " : " ").append(code).append('=').append(n);
            }
        }
        return s.toString();
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }
}
