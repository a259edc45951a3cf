package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassArchiveTrainingTest {
    @TempDir
    Path dir;

    @Test
    void aTrainingRunThatSentNothingMarksItsArchive() {
        String archive = dir.resolve("salvo-classes-send.jsa.123").toString();
        ClassArchiveTraining.noteExit(ExitCodes.USAGE, archive);
        assertThat(dir.resolve("salvo-classes-send.jsa.123.failed")).exists();
        ClassArchiveTraining.noteExit(ExitCodes.RELAY_FAILED, dir.resolve("b.jsa.7").toString());
        assertThat(dir.resolve("b.jsa.7.failed")).exists();
    }

    @Test
    void aRunThatSentMailOrWasNotTrainingLeavesNothing() throws Exception {
        ClassArchiveTraining.noteExit(ExitCodes.OK, dir.resolve("a.jsa.1").toString());
        ClassArchiveTraining.noteExit(ExitCodes.PARTIAL, dir.resolve("a.jsa.2").toString());
        ClassArchiveTraining.noteExit(ExitCodes.USAGE, null);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
