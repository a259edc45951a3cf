package dev.salvo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.DsnOptions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A connection's transaction slots are made while its window first fills, then reused, and hold no recipient while idle. */
class SiteConnectionSlotsTest {
    @Test
    void slotsAreReusedAndForgetTheirRecipients() {
        MessageContent content = MessageContent.of("From: a@x.test\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII));
        try {
            SiteConnection c = new SiteConnection(null, 0);
            Envelope e = new Envelope(EmailAddress.parse("a@x.test"), content, null, DsnOptions.NONE, 10, 0);
            Completion.Sent first = c.slot(null, null, 1);
            Completion.Sent second = c.slot(null, null, 1);
            assertThat(second).isNotSameAs(first);

            first.begin(e);
            for (int i = 0; i < 3; i++) { // past the first guess of one: the batch grows
                first.add(new QueuedRecipient(e, EmailAddress.parse("r" + i + "@y.test")));
            }
            assertThat(first.count()).isEqualTo(3);
            assertThat(first.transaction.recipientCount()).isEqualTo(3);
            assertThat(first.recipient(2).text()).isEqualTo("r2@y.test");

            c.release(first);
            assertThat(first.count()).isZero();
            assertThat(c.slot(null, null, 1)).isSameAs(first); // reused, not made again
            c.release(second);
            c.release(first);
            assertThat(c.slot(null, null, 1)).isSameAs(first); // last released, first reused
            assertThat(c.slot(null, null, 1)).isSameAs(second);
            assertThat(c.slot(null, null, 1)).isNotSameAs(first).isNotSameAs(second); // none idle: a new one
        } finally {
            content.release();
        }
    }
}
