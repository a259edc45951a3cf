package dev.salvo.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code spool:} section of salvo.yaml: where accepted mail is kept and how durably.
 *
 * @param dir the spool directory, or null for none (then the mode is MEMORY)
 * @param mode SYNC (fsync before acknowledging), BATCHED (fsync at least every {@code window}), or
 *     MEMORY (no spool: a crash loses what is queued; for load tests). The default without a
 *     {@code spool:} section is MEMORY, as before the spool existed.
 * @param window BATCHED's fsync window
 */
public record SpoolConfig(Path dir, Mode mode, Duration window) {
    public enum Mode { SYNC, BATCHED, MEMORY }

    public static final Duration DEFAULT_WINDOW = Duration.ofMillis(100);
    public static final SpoolConfig NONE = new SpoolConfig(null, Mode.MEMORY, DEFAULT_WINDOW);

    public SpoolConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(window, "window");
        if (dir == null && mode != Mode.MEMORY) {
            throw new IllegalArgumentException("a " + mode + " spool needs a directory");
        }
    }
}
