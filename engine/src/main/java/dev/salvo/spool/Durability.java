package dev.salvo.spool;

import java.time.Duration;
import java.util.Objects;

/**
 * When a spool write counts as done, which is when its future completes.
 *
 * <ul>
 *   <li>{@link #SYNC}: the write-ahead log is fsync'd first. Concurrent writers share one fsync (group
 *       commit), so the cost is one fsync per batch, not per write. Nothing acknowledged is lost,
 *       not even to a power cut.
 *   <li>{@link #batched(Duration)}: acknowledged once in the memtable and the WAL file (the OS page
 *       cache), without fsync; the WAL is fsync'd at least once per window. Survives the process
 *       being killed; a power cut or kernel crash may lose up to one window of acknowledged writes.
 *   <li>{@link #MEMORY}: no disk at all; everything is lost when the process ends. For load tests.
 * </ul>
 *
 * @param window how often BATCHED fsyncs the WAL; zero for the other modes
 */
public record Durability(Mode mode, Duration window) {
    public enum Mode { SYNC, BATCHED, MEMORY }

    public static final Durability SYNC = new Durability(Mode.SYNC, Duration.ZERO);
    public static final Durability MEMORY = new Durability(Mode.MEMORY, Duration.ZERO);

    public Durability {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(window, "window");
        if (mode == Mode.BATCHED && (window.isNegative() || window.isZero())) {
            throw new IllegalArgumentException("a BATCHED spool needs a positive fsync window, not " + window);
        }
    }

    public static Durability batched(Duration window) {
        return new Durability(Mode.BATCHED, window);
    }
}
