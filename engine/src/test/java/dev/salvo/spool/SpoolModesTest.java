package dev.salvo.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpoolModesTest {
    private static final byte[] MESSAGE = "Subject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void batchedAcknowledgesWithoutFsyncAndSyncsWithinTheWindow() throws Exception {
        ContentId id = ContentId.next();
        try (Spool spool = Spool.open(dir, Durability.batched(Duration.ofMillis(50)))) {
            spool.putContent(id, MESSAGE).join();
            CompletableFuture.allOf(
                    spool.putRecipients(id, 0, Scanned.recipients(100)),
                    spool.putRecipients(id, 100, List.of(Scanned.recipient(100)))).join();
            assertThat(spool.stats().batches()).isPositive();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (spool.stats().syncs() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(spool.stats().syncs()).isPositive().isLessThanOrEqualTo(spool.stats().batches());
        }
        try (Spool spool = Spool.open(dir, Durability.batched(Duration.ofMillis(50)))) {
            assertThat(Scanned.of(spool).recipients()).hasSize(101);
        }
    }

    @Test
    void memoryKeepsTheSameContractWithoutADisk() {
        Path none = dir.resolve("never-created");
        ContentId id = ContentId.next();
        try (Spool spool = Spool.open(none, Durability.MEMORY)) {
            spool.putContent(id, MESSAGE).join();
            spool.putRecipients(id, Scanned.recipients(10)).join();
            spool.updateRecipient(new RecipientKey(id, 3), Scanned.recipient(3).deferred(9, 451, "4.3.0", "later")).join();
            Scanned back = Scanned.of(spool);
            assertThat(back.contents()).containsOnlyKeys(id);
            assertThat(back.recipients()).hasSize(10);
            assertThat(back.recipients().get(new RecipientKey(id, 3)).attempts()).isEqualTo(1);
            for (int i = 0; i < 9; i++) {
                spool.removeRecipient(new RecipientKey(id, i)).join();
            }
            assertThat(spool.stats().pendingByContent()).isEqualTo(Map.of(id, 1));
            spool.removeRecipient(new RecipientKey(id, 9)).join();
            assertThat(Scanned.of(spool).contents()).isEmpty();
            assertThat(spool.stats().diskBytes()).isZero();
        }
        assertThat(Files.exists(none)).isFalse();
    }

    @Test
    void aBatchedSpoolNeedsAWindow() {
        assertThatThrownBy(() -> Durability.batched(Duration.ZERO)).hasMessageContaining("positive fsync window");
    }
}
