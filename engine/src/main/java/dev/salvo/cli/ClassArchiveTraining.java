package dev.salvo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The launcher's class-archive training run (scripts/salvo): the JVM writes the archive at exit
 * whatever the run did, and the launcher, which execs java, never sees the exit code. A run that
 * sent nothing (a usage error, a relay that could not be used) loaded few of the classes a real run
 * needs, so it leaves a marker next to its archive and the launcher throws both away.
 */
final class ClassArchiveTraining {
    /** Set by the launcher on a training run: the path the JVM will write the archive to. */
    static final String PROPERTY = "salvo.cds.training";

    private ClassArchiveTraining() {}

    /** Leaves {@code <archive>.failed} when this was a training run that ended with {@code exitCode} other than OK or PARTIAL. */
    static void noteExit(int exitCode, String archive) {
        if (archive == null || archive.isEmpty() || exitCode == ExitCodes.OK || exitCode == ExitCodes.PARTIAL) {
            return;
        }
        try {
            Files.writeString(Path.of(archive + ".failed"), "exit code " + exitCode + "\n");
        } catch (IOException | RuntimeException e) {
            // Without the marker the launcher keeps a thin archive until the next build: slower starts, nothing worse.
        }
    }
}
