package dev.salvo.bounce.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.bounce.report.RecipientStatus.Action;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The corpus under src/test/resources/bounce: RFC examples, the common MTAs' formats, and broken ones. */
class ReportParserTest {

    static byte[] sample(String name) throws IOException {
        try (InputStream in = ReportParserTest.class.getResourceAsStream("/bounce/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    static Report.Delivery delivery(String name) throws IOException {
        Report r = ReportParser.parse(sample(name));
        assertThat(r).as(name + ": " + r).isInstanceOf(Report.Delivery.class);
        return (Report.Delivery) r;
    }

    @Test
    void rfc3464SimpleExample() throws IOException {
        Report.Delivery d = delivery("rfc3464-simple.eml");
        assertThat(d.format()).isEqualTo("rfc3464");
        assertThat(d.reportingMta()).isEqualTo("cs.utk.edu");
        RecipientStatus r = d.recipients().get(0);
        assertThat(r.address()).isEqualTo("louisl@larry.slip.umd.edu");
        assertThat(r.action()).isEqualTo(Action.FAILED);
        assertThat(r.status()).isEqualTo("4.0.0");
        assertThat(r.smtpCode()).isEqualTo(426);
        // failed, but with a 4.x.x status: given up after retrying, not a permanent verdict on the address.
        assertThat(r.permanent()).isFalse();
    }

    @Test
    void rfc3464MultiRecipientExampleKeepsEachRecipientApart() throws IOException {
        Report.Delivery d = delivery("rfc3464-multi.eml");
        assertThat(d.recipients()).extracting(RecipientStatus::address)
                .containsExactly("arathib@vnet.ibm.com", "johnh@hpnjld.njd.hp.com", "wsnell@sdcc13.ucsd.edu");
        assertThat(d.recipients()).extracting(RecipientStatus::action)
                .containsExactly(Action.FAILED, Action.DELAYED, Action.FAILED);
        assertThat(d.recipients()).extracting(RecipientStatus::permanent).containsExactly(true, false, true);
        RecipientStatus first = d.recipients().get(0);
        assertThat(first.diagnostic()).isEqualTo("550 'arathib@vnet.IBM.COM' is not a registered gateway user");
        assertThat(first.remoteMta()).isEqualTo("vnet.ibm.com");
        assertThat(first.smtpCode()).isEqualTo(550);
    }

    @Test
    void delayedDsnIsNotPermanentAndReturnsHeaders() throws IOException {
        Report.Delivery d = delivery("rfc3464-delayed.eml");
        RecipientStatus r = d.recipients().get(0);
        assertThat(r.action()).isEqualTo(Action.DELAYED);
        assertThat(r.status()).isEqualTo("4.4.1");
        assertThat(r.permanent()).isFalse();
        assertThat(d.returned().messageId()).isEqualTo("2026-11.7.abc@news.example.com");
        assertThat(d.returned().fromDomain()).isEqualTo("news.example.com");
    }

    @Test
    void postfixDsnWithReturnedMessage() throws IOException {
        Report.Delivery d = delivery("postfix.eml");
        RecipientStatus r = d.recipients().get(0);
        assertThat(r.address()).isEqualTo("nobody-here@example.org");
        assertThat(r.status()).isEqualTo("5.1.1");
        assertThat(r.permanent()).isTrue();
        assertThat(r.diagnostic()).startsWith("550 5.1.1 <nobody-here@example.org>: Recipient address rejected");
        assertThat(r.remoteMta()).isEqualTo("mail.example.org");
        assertThat(d.returned()).isEqualTo(new ReturnedMessage("2026-11.42.k3j2@news.example.com", "nobody-here@example.org",
                "news.example.com"));
    }

    @Test
    void gmailNestedMultipartAndMultiLineDiagnostic() throws IOException {
        Report.Delivery d = delivery("gmail.eml");
        RecipientStatus r = d.recipients().get(0);
        assertThat(r.address()).isEqualTo("gone.away@gmail.com");
        assertThat(r.originalRecipient()).isNull();
        assertThat(r.permanent()).isTrue();
        assertThat(r.smtpCode()).isEqualTo(550);
        assertThat(r.diagnostic()).contains("gsmtp");
        assertThat(d.returned().messageId()).isEqualTo("2026-11.9.zz@news.example.com");
    }

    @Test
    void exchangeOnlineNdr() throws IOException {
        RecipientStatus r = delivery("exchange.eml").recipients().get(0);
        assertThat(r.address()).isEqualTo("pat@contoso.com");
        assertThat(r.status()).isEqualTo("5.1.10");
        assertThat(r.permanent()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "exim.eml,          exim,     kim@example.net,        550, 5.1.1, 2026-11.13.ee@news.example.com",
        "qmail.eml,         qmail,    sam@example.com,        550, 5.1.1, 2026-11.14.qm@news.example.com",
        "sendmail-old.eml,  sendmail, chris@old.example.edu,  550, 5.1.1, 2026-11.15.sm@news.example.com",
        "exchange-text.eml, exchange, lee@corp.example.net,   550, 5.1.1, 2026-11.12.pp@news.example.com",
        "yahoo.eml,         yahoo,    dana_gone@yahoo.com,    554, 5.0.0, 2026-11.16.yh@news.example.com",
    })
    void textBouncesAreReadByHeuristics(String file, String format, String address, int code, String status,
            String messageId) throws IOException {
        Report.Delivery d = delivery(file);
        assertThat(d.format()).isEqualTo(format);
        assertThat(d.recipients()).extracting(RecipientStatus::address).containsExactly(address);
        RecipientStatus r = d.recipients().get(0);
        assertThat(r.smtpCode()).isEqualTo(code);
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.action()).isEqualTo(Action.FAILED);
        assertThat(r.permanent()).isTrue();
        assertThat(r.diagnostic()).contains(String.valueOf(code));
        assertThat(d.returned().messageId()).isEqualTo(messageId);
    }

    @Test
    void arfExampleFromRfc5965() throws IOException {
        Report r = ReportParser.parse(sample("arf-rfc5965.eml"));
        assertThat(r).isInstanceOf(Report.Complaint.class);
        Report.Complaint c = (Report.Complaint) r;
        assertThat(c.feedbackType()).isEqualTo("abuse");
        assertThat(c.originalRcptTo()).isEqualTo("user@example.com");
        assertThat(c.originalMailFrom()).isEqualTo("somespammer@example.net");
        assertThat(c.fields()).containsEntry("user-agent", "SomeGenerator/1.0").containsEntry("version", "1")
                .containsEntry("source-ip", "192.0.2.1").containsEntry("arrival-date", "Thu, 8 Mar 2005 14:00:00 EDT");
        assertThat(c.returned().fromDomain()).isEqualTo("example.net");
    }

    @Test
    void arfWithRedactedRecipientStillReturnsHeaders() throws IOException {
        Report.Complaint c = (Report.Complaint) ReportParser.parse(sample("arf-redacted.eml"));
        assertThat(c.originalRcptTo()).isNull();
        assertThat(c.returned().messageId()).isEqualTo("2026-11.20.fb@news.example.com");
        assertThat(c.returned().to()).isEqualTo("redacted@example-isp.com");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "malformed-truncated.eml,    without a message/delivery-status part",
        "malformed-no-boundary.eml,  without a boundary",
        "malformed-no-recipient.eml, names no recipient",
        "arf-no-type.eml,            no Feedback-Type",
        "not-a-bounce.eml,           not a bounce or a complaint",
    })
    void brokenReportsAreUnreadableWithAReason(String file, String reason) throws IOException {
        Report r = ReportParser.parse(sample(file));
        assertThat(r).isInstanceOf(Report.Unreadable.class);
        assertThat(((Report.Unreadable) r).reason()).contains(reason);
    }

    @Test
    void binaryGarbageIsUnreadable() {
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            byte[] garbage = new byte[random.nextInt(5000)];
            random.nextBytes(garbage);
            assertThat(ReportParser.parse(garbage)).isInstanceOf(Report.Unreadable.class);
        }
        assertThat(ReportParser.parse(new byte[0])).isEqualTo(new Report.Unreadable("the message is empty"));
    }

    @Test
    void aHugeLineIsUnreadableNotAnOutOfMemory() throws IOException {
        String head = new String(sample("postfix.eml"), StandardCharsets.US_ASCII);
        String huge = head.replace("This is the mail system", "x".repeat(2_000_000));
        Report r = ReportParser.parse(huge.getBytes(StandardCharsets.US_ASCII));
        assertThat(r).isInstanceOf(Report.Unreadable.class);
        assertThat(((Report.Unreadable) r).reason()).containsIgnoringCase("line");
        String hugeHeader = "Subject: " + "y".repeat(2_000_000) + "\n" + head;
        assertThat(ReportParser.parse(hugeHeader.getBytes(StandardCharsets.US_ASCII))).isInstanceOf(Report.Unreadable.class);
    }
}
