package dev.salvo.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kill -9 a process in the middle of SYNC writes: nothing it acknowledged may be missing. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpoolCrashTest {
    private static final int ACKS_BEFORE_KILL = 500;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecipientSurvivesSigkill() throws Exception {
        Path spoolDir = dir.resolve("spool");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SpoolCrashChild.class.getName(), spoolDir.toString())
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        Set<Integer> acked = new HashSet<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while (acked.size() < ACKS_BEFORE_KILL && (line = lines.readLine()) != null) {
                acked.add(Integer.parseInt(line));
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(acked).as("acks read before the kill (see child.err if short)").hasSize(ACKS_BEFORE_KILL);

        try (Spool spool = Spool.open(spoolDir, Durability.SYNC)) {
            Set<Integer> present = Scanned.of(spool).recipients().keySet().stream()
                    .map(RecipientKey::sequence).collect(Collectors.toSet());
            assertThat(present).containsAll(acked);
            System.out.println("crash: " + acked.size() + " acknowledged before SIGKILL, " + present.size() + " in the spool after");
        }
    }
}
