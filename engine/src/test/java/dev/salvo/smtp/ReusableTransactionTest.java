package dev.salvo.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reusable transaction goes over the wire byte for byte as a {@link Transaction} would, reports
 * its outcome in place through its listener, once per send, and can be filled and sent again.
 */
@Timeout(10)
class ReusableTransactionTest {
    private static final String MSG = "From: a@x.test\r\nSubject: hi\r\n\r\nHello\r\n.hidden dot\r\n";
    private static final String STUFFED = "From: a@x.test\r\nSubject: hi\r\n\r\nHello\r\n..hidden dot\r\n.\r\n";
    private static final EmailAddress FROM = EmailAddress.parse("a@x.test");

    private final List<ReusableTransaction> done = new ArrayList<>();

    private static byte[] addr(String a) {
        return a.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sendsLikeATransactionAndIsFilledAgainForTheNextOne() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING", "ENHANCEDSTATUSCODES");
            MessageContent c = s.content(MSG);
            ReusableTransaction t = new ReusableTransaction(1, done::add); // grows past one recipient
            t.reset(FROM, c, DsnOptions.NONE);
            t.addRecipient(addr("b@y.test"));
            t.addRecipient(addr("bad@y.test"));
            s.handler.connection().send(t);
            s.expectWritten("MAIL FROM:<a@x.test>\r\nRCPT TO:<b@y.test>\r\nRCPT TO:<bad@y.test>\r\nDATA\r\n");
            s.server("250 ok\r\n250 2.1.5 ok\r\n550 5.1.1 no such user\r\n354 go\r\n");
            s.expectWritten(STUFFED);
            assertThat(done).isEmpty();
            s.server("250 2.0.0 queued as A\r\n");
            assertThat(done).containsExactly(t);
            assertThat(t.recipientCount()).isEqualTo(2);
            assertThat(t.status(0)).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(t.reply(0).text()).isEqualTo("queued as A");
            assertThat(t.status(1)).isEqualTo(DeliveryStatus.BOUNCED);
            assertThat(t.reply(1).enhancedCode()).isEqualTo("5.1.1");
            assertThat(t.session().destination()).isEqualTo("mx.test:25");
            assertThat(t.mailToDataNanos()).isGreaterThanOrEqualTo(0);

            // The same object, filled again: nothing of the first send leaks into the second.
            t.reset(FROM, c, DsnOptions.NONE);
            t.addRecipient(addr("c@y.test"));
            s.handler.connection().send(t);
            s.expectWritten("MAIL FROM:<a@x.test>\r\nRCPT TO:<c@y.test>\r\nDATA\r\n");
            s.server("250 ok\r\n250 ok\r\n354 go\r\n");
            s.expectWritten(STUFFED);
            s.server("250 2.0.0 queued as B\r\n");
            assertThat(done).containsExactly(t, t);
            assertThat(t.recipientCount()).isEqualTo(1);
            assertThat(t.status(0)).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(t.reply(0).text()).isEqualTo("queued as B");
        }
    }

    @Test
    void addressBytesCarryUtf8AndDsnParametersAsAnAddressObjectWould() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING", "8BITMIME", "SMTPUTF8", "DSN");
            MessageContent c = s.content("From: a@x.test\r\nSubject: plain\r\n\r\nbody\r\n");
            ReusableTransaction t = new ReusableTransaction(2, done::add);
            t.reset(FROM, c, new DsnOptions(DsnOptions.Ret.HDRS, "id+1", Set.of(DsnOptions.Notify.FAILURE), true));
            t.addRecipient(EmailAddress.parse("josé@y.test").utf8Bytes());
            t.addRecipient(addr("b@y.test"));
            s.handler.connection().send(t);
            // SMTPUTF8 comes from the recipient's bytes alone; ORCPT only for the ASCII address.
            s.expectWritten("MAIL FROM:<a@x.test> SMTPUTF8 RET=HDRS ENVID=id+2B1\r\n"
                    + "RCPT TO:<josé@y.test> NOTIFY=FAILURE\r\n"
                    + "RCPT TO:<b@y.test> NOTIFY=FAILURE ORCPT=rfc822;b@y.test\r\nDATA\r\n");
        }
    }

    @Test
    void a421MidPipelineSettlesEachTransactionExactlyOnce() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING");
            MessageContent c = s.content(MSG);
            ReusableTransaction first = new ReusableTransaction(2, done::add);
            first.reset(FROM, c, DsnOptions.NONE);
            first.addRecipient(addr("b@y.test"));
            first.addRecipient(addr("c@y.test"));
            ReusableTransaction second = new ReusableTransaction(1, done::add);
            second.reset(FROM, c, DsnOptions.NONE);
            second.addRecipient(addr("d@y.test"));
            s.handler.connection().send(first);
            s.handler.connection().send(second);
            s.written();
            // MAIL and one RCPT answered; the 421 lands with first's second RCPT and DATA still in flight.
            s.server("250 ok\r\n550 5.1.1 no b\r\n421 4.7.0 too busy, closing\r\n");
            assertThat(done).containsExactly(first, second);
            assertThat(first.status(0)).isEqualTo(DeliveryStatus.BOUNCED);
            assertThat(first.status(1)).isEqualTo(DeliveryStatus.DEFERRED);
            assertThat(first.reply(1).code()).isEqualTo(421);
            assertThat(second.status(0)).isEqualTo(DeliveryStatus.DEFERRED);
            assertThat(s.channel.isOpen()).isFalse();

            // Sent again on the closed connection: deferred at once, still exactly one call.
            second.reset(FROM, c, DsnOptions.NONE);
            second.addRecipient(addr("d@y.test"));
            s.handler.connection().send(second);
            assertThat(done).containsExactly(first, second, second);
            assertThat(second.status(0)).isEqualTo(DeliveryStatus.DEFERRED);
            assertThat(second.reply(0).code()).isEqualTo(421);
        }
    }

    @Test
    void refusesAnEmptyOrOversizedFill() {
        ReusableTransaction t = new ReusableTransaction(1, done::add);
        assertThatThrownBy(() -> new ReusableTransaction(0, done::add)).isInstanceOf(IllegalArgumentException.class);
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING");
            t.reset(FROM, s.content(MSG), DsnOptions.NONE);
            assertThatThrownBy(() -> s.handler.connection().send(t)).hasMessageContaining("at least one recipient");
            for (int i = 0; i < Transaction.MAX_RECIPIENTS; i++) {
                t.addRecipient(addr("r" + i + "@y.test"));
            }
            assertThatThrownBy(() -> t.addRecipient(addr("one-too-many@y.test"))).hasMessageContaining("at most 1000");
        }
    }
}
