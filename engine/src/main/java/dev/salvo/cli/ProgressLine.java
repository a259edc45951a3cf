package dev.salvo.cli;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/**
 * The progress line on stderr: redrawn in place about five times a second on a terminal, a plain
 * line at most every five seconds when stderr goes to a file or a pipe, nothing with --quiet.
 */
final class ProgressLine {
    enum Mode { TERMINAL, LOG, QUIET }

    private static final long TERMINAL_INTERVAL = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long LOG_INTERVAL = TimeUnit.SECONDS.toNanos(5);

    private final PrintWriter err;
    private final Mode mode;
    private final long interval;
    private long lastNanos;
    private int lastCompleted;
    private boolean drawn;

    ProgressLine(PrintWriter err, Mode mode, long startNanos) {
        this.err = err;
        this.mode = mode;
        this.interval = mode == Mode.TERMINAL ? TERMINAL_INTERVAL : LOG_INTERVAL;
        this.lastNanos = startNanos;
    }

    /** How long the dispatcher may sleep before the next redraw is due. */
    long intervalNanos() {
        return mode == Mode.QUIET ? LOG_INTERVAL : interval;
    }

    void tick(Tally t, long nowNanos) {
        if (mode == Mode.QUIET || nowNanos - lastNanos < interval) {
            return;
        }
        int completed = t.completed();
        double rate = (completed - lastCompleted) * 1e9 / (nowNanos - lastNanos);
        lastNanos = nowNanos;
        lastCompleted = completed;
        String line = String.format("%,.0f sent/s  delivered %,d  deferred %,d  bounced %,d  remaining %,d",
                rate, t.delivered, t.deferred, t.bounced, t.remaining());
        if (mode == Mode.TERMINAL) {
            err.print("\r" + line + "\u001b[K"); // ESC[K clears what a longer previous line left behind
            drawn = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Ends the redrawn line so that what follows starts on a line of its own. */
    void finish() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }
}
