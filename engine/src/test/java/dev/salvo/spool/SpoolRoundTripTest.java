package dev.salvo.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpoolRoundTripTest {
    private static final byte[] MESSAGE = "Subject: hi\r\n\r\nHello.\r\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void contentAndThousandRecipientsComeBackAfterReopen() {
        ContentId id = ContentId.next();
        List<SpooledRecipient> sent = Scanned.recipients(1000);
        try (Spool spool = Spool.open(dir, Durability.SYNC)) {
            spool.putContent(id, MESSAGE).join();
            spool.putRecipients(id, sent).join();
        }
        try (Spool spool = Spool.open(dir, Durability.SYNC)) {
            Scanned back = Scanned.of(spool);
            assertThat(back.contents()).containsOnlyKeys(id);
            assertThat(back.contents().get(id)).isEqualTo(MESSAGE);
            assertThat(back.recipients()).hasSize(1000);
            int i = 0;
            for (Map.Entry<RecipientKey, SpooledRecipient> e : back.recipients().entrySet()) {
                assertThat(e.getKey()).isEqualTo(new RecipientKey(id, i));
                assertThat(e.getValue()).isEqualTo(sent.get(i));
                i++;
            }
            assertThat(spool.stats().pendingByContent()).isEqualTo(Map.of(id, 1000));
            assertThat(spool.stats().diskBytes()).isPositive();
        }
    }

    @Test
    void removingTheLastRecipientDeletesTheContentEvenAfterReopen() {
        ContentId id = ContentId.next();
        try (Spool spool = Spool.open(dir, Durability.SYNC)) {
            spool.putContent(id, MESSAGE).join();
            spool.putRecipients(id, Scanned.recipients(3)).join();
            spool.removeRecipient(new RecipientKey(id, 0)).join();
            assertThat(Scanned.of(spool).contents()).containsOnlyKeys(id);
        }
        // The remaining count is rebuilt from the keys on open.
        try (Spool spool = Spool.open(dir, Durability.SYNC)) {
            assertThat(spool.stats().pendingByContent()).isEqualTo(Map.of(id, 2));
            spool.removeRecipient(new RecipientKey(id, 2)).join();
            assertThat(Scanned.of(spool).contents()).containsOnlyKeys(id);
            spool.removeRecipient(new RecipientKey(id, 1)).join();
            Scanned back = Scanned.of(spool);
            assertThat(back.contents()).isEmpty();
            assertThat(back.recipients()).isEmpty();
            assertThat(spool.stats().pendingByContent()).isEmpty();
        }
    }

    @Test
    void anUpdateIsWhatComesBack() {
        ContentId id = ContentId.next();
        RecipientKey key = new RecipientKey(id, 7);
        SpooledRecipient later = Scanned.recipient(7).deferred(1_800_000_000_000L, 451, "4.7.1", "try again later");
        try (Spool spool = Spool.open(dir, Durability.SYNC)) {
            spool.putContent(id, MESSAGE).join();
            spool.putRecipients(id, 7, List.of(Scanned.recipient(7))).join();
            spool.updateRecipient(key, later).join();
        }
        try (Spool spool = Spool.open(dir, Durability.SYNC)) {
            assertThat(Scanned.of(spool).recipients()).isEqualTo(Map.of(key, later));
        }
    }

    @Test
    void purgeForgetsContentAndEveryRecipientButNoOther() {
        ContentId gone = ContentId.next();
        ContentId kept = ContentId.next();
        try (Spool spool = Spool.open(dir, Durability.SYNC)) {
            for (ContentId id : List.of(gone, kept)) {
                spool.putContent(id, MESSAGE).join();
                spool.putRecipients(id, Scanned.recipients(50)).join();
            }
            spool.purgeContent(gone).join();
            Scanned back = Scanned.of(spool);
            assertThat(back.contents()).containsOnlyKeys(kept);
            assertThat(back.recipients()).hasSize(50).allSatisfy((k, r) -> assertThat(k.content()).isEqualTo(kept));
            assertThat(spool.stats().pendingByContent()).isEqualTo(Map.of(kept, 50));
        }
    }

    @Test
    void contentIsStoredWithCrlfLineEnds() {
        ContentId id = ContentId.next();
        try (Spool spool = Spool.open(dir, Durability.SYNC)) {
            spool.putContent(id, "a\nb\rc\r\n".getBytes(StandardCharsets.US_ASCII)).join();
            assertThat(new String(Scanned.of(spool).contents().get(id), StandardCharsets.US_ASCII)).isEqualTo("a\r\nb\r\nc\r\n");
        }
    }

    @Test
    void aWriteAfterCloseFailsWithAReason() {
        Spool spool = Spool.open(dir, Durability.SYNC);
        spool.close();
        assertThatThrownBy(() -> spool.putContent(ContentId.next(), MESSAGE).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(SpoolUnavailableException.class)
                .hasMessageContaining("closed");
    }
}
