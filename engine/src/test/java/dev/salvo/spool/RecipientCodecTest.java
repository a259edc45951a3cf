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

    @Test
    void aCampaignRecipientCarriesItsFieldsInVersion2AndVersion1StaysReadable() {
        byte[] fields = "Ada\u0000Lovelace".getBytes(StandardCharsets.UTF_8);
        SpooledRecipient r = SpooledRecipient.queued("ada@example.com".getBytes(StandardCharsets.UTF_8), 9L, fields)
                .sending(2, 0);
        byte[] v2 = RecipientCodec.encode(r);
        assertThat(v2[0]).isEqualTo((byte) 2);
        assertThat(v2).hasSize(26 + "ada@example.com".length() + 4 + fields.length);
        SpooledRecipient back = RecipientCodec.decode(v2);
        assertThat(back).isEqualTo(r);
        assertThat(back.fields()).isEqualTo(fields);
        assertThat(back.state()).isEqualTo(SpooledRecipient.State.SENDING);
        // Without fields the record stays version 1, as every record written before fields existed.
        byte[] v1 = RecipientCodec.encode(Scanned.recipient(1));
        assertThat(v1[0]).isEqualTo((byte) 1);
        assertThat(RecipientCodec.decode(v1).fields()).isNull();
        // A fields length that runs past the record is damage, not a crash.
        v2[v2.length - fields.length - 1] = 0x7F;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecipientCodec.decode(v2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("truncated or damaged");
    }
}
