package dev.salvo.cli;

import dev.salvo.suppress.MemorySuppressionList;
import dev.salvo.suppress.SuppressionList;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Opens the suppression list for the bounce commands: the one place that chooses its kind.
 *
 * <p>MERGE POINT: when the RocksDB suppression list (branch "bounce-rules") is merged, open it here
 * for {@code dir != null} instead of the in-memory list below.
 */
final class SuppressionLists {
    private SuppressionLists() {}

    static SuppressionList open(Path dir, PrintWriter err) {
        if (dir != null) {
            // TODO(merge bounce-rules): return the RocksDB suppression list opened at dir.
            err.println("salvo: --suppression " + dir + ": this build has no persistent suppression list yet; "
                    + "entries are kept in memory for this run and recorded in the events log");
        }
        return new MemorySuppressionList();
    }
}
