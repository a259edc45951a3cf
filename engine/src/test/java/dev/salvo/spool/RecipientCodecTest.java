package dev.salvo.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecipientCodecTest {
    @Test
    void everyFieldSurvives() {
        SpooledRecipient r = SpooledRecipient.queued("josé@exämple.com".getBytes(StandardCharsets.UTF_8), 123L)
                .deferred(456L, 421, "4.4.2", "connection dropped");
        assertThat(RecipientCodec.decode(RecipientCodec.encode(r))).isEqualTo(r);
    }

    @Test
    void aLongReplyTextIsCutAtACharacterBoundary() {
        String text = "é".repeat(150); // 300 bytes of two-byte characters
        SpooledRecipient r = Scanned.recipient(1).deferred(1, 450, "4.2.0", text);
        SpooledRecipient back = RecipientCodec.decode(RecipientCodec.encode(r));
        assertThat(back.lastText()).isEqualTo("é".repeat(100));
    }

    @Test
    void aQueuedRecipientIsSmall() {
        // 26 fixed bytes plus the address.
        assertThat(RecipientCodec.encode(Scanned.recipient(1))).hasSize(26 + "r1@example.com".length());
    }
}
