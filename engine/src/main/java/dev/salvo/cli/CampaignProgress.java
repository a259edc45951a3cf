package dev.salvo.cli;

import dev.salvo.api.EngineStats;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/**
 * The campaign's progress line on stderr: sent/s, delivered, deferred, bounced, queued and an ETA,
 * redrawn in place on a terminal, a plain line every five seconds otherwise, nothing when quiet.
 */
final class CampaignProgress {
    private final PrintWriter err;
    private final ProgressLine.Mode mode;
    private final long start;
    private final long interval;
    private long last;
    private long lastFinished;
    private boolean drawn;

    CampaignProgress(PrintWriter err, ProgressLine.Mode mode, long startNanos) {
        this.err = err;
        this.mode = mode;
        this.start = startNanos;
        this.last = startNanos;
        this.interval = mode == ProgressLine.Mode.TERMINAL ? TimeUnit.MILLISECONDS.toNanos(200) : TimeUnit.SECONDS.toNanos(5);
    }

    /** Redraws when due; {@code total} is how many recipients the campaign has, when known (else -1). */
    void update(EngineStats s, long total, boolean force) {
        long now = System.nanoTime();
        if (mode == ProgressLine.Mode.QUIET || (!force && now - last < interval)) {
            return;
        }
        long finished = s.finished();
        double rate = (finished - lastFinished) / Math.max(1e-9, (now - last) / 1e9);
        double overall = finished / Math.max(1e-9, (now - start) / 1e9);
        long left = (total >= 0 ? total : s.accepted()) - finished;
        String eta = overall > 0 && left > 0 ? String.format("%.0f s", left / overall) : "-";
        String line = String.format("%,9.0f/s  delivered %,d  deferred %,d  bounced %,d  expired %,d  rejected %,d  queued %,d  ETA %s",
                rate, s.delivered(), s.deferred(), s.bounced(), s.expired(), s.rejected(), s.queued() + s.inFlight(), eta);
        if (mode == ProgressLine.Mode.TERMINAL) {
            err.print("\r\033[2K" + line);
            drawn = true;
        } else {
            err.println(line);
        }
        err.flush();
        last = now;
        lastFinished = finished;
    }

    void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
