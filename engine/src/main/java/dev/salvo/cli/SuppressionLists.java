package dev.salvo.cli;

import dev.salvo.suppress.MemorySuppressionList;
import dev.salvo.suppress.RocksSuppressionList;
import dev.salvo.suppress.SuppressionList;
import dev.salvo.suppress.SuppressionStoreException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Opens the suppression list for the bounce commands: the one place that chooses its kind. */
final class SuppressionLists {
    private SuppressionLists() {}

    /** The RocksDB list in {@code dir}, or, without a directory, one in memory for this run (said on {@code err}). */
    static SuppressionList open(Path dir, PrintWriter err) {
        if (dir == null) {
            err.println("salvo: no --suppression DIR: suppressions found in this run are kept in memory only"
                    + " (they are still in the events log)");
            return new MemorySuppressionList();
        }
        return open(dir);
    }

    /** The RocksDB list in {@code dir} (created when absent); what stops it opening is a UserError. */
    static SuppressionList open(Path dir) {
        try {
            return RocksSuppressionList.open(dir);
        } catch (SuppressionStoreException e) {
            throw new UserError(e.getMessage());
        }
    }
}
