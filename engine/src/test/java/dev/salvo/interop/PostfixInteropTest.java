package dev.salvo.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.Credentials;
import dev.salvo.smtp.DeliveryStatus;
import dev.salvo.smtp.RecipientResult;
import dev.salvo.smtp.SessionFailure;
import dev.salvo.smtp.SmtpClient;
import dev.salvo.smtp.SmtpConnection;
import dev.salvo.smtp.TlsMode;
import dev.salvo.smtp.Transaction;
import dev.salvo.smtp.TransactionResult;
import dev.salvo.smtp.TrustSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Salvo's client against a real Postfix submission server: STARTTLS with the certificate and host
 * name verified against the instance's own CA file, AUTH, pipelining, BDAT and DATA, 8-bit and
 * SMTPUTF8 messages, and refused recipients.
 */
@Timeout(120)
class PostfixInteropTest {
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static PostfixPeer postfix;
    private static SmtpClient client;
    /** Unique per run: Postfix's Maildirs outlive the test. */
    private static String run;

    @BeforeAll
    static void start() {
        postfix = PostfixPeer.get();
        client = new SmtpClient(1);
        run = Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffffL, 36);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
    }

    private static ConnectionSettings submission() {
        return ConnectionSettings.relay(postfix.host(), postfix.submissionPort())
                .withTls(TlsMode.STARTTLS, TrustSource.pem(postfix.caPem()))
                .withCredentials(Credentials.password(postfix.user(), postfix.password()), false)
                .withEhloName("salvo.test");
    }

    private static String message(String to, String body) {
        // Date and Message-ID present, so Postfix's submission service adds neither and the stored
        // message ends with exactly what we sent.
        return "From: Salvo <sender@example.test>\r\nTo: <" + to + ">\r\nSubject: interop " + run
                + "\r\nDate: Sat, 28 Nov 2026 12:00:00 +0000\r\nMessage-ID: <" + run + "." + to.hashCode() + "@salvo.test>\r\n\r\n" + body;
    }

    private static final String DOTTED_BODY = "First line\r\n.a line that begins with a dot\r\n..two dots\r\n.\r\nafter a lone dot\r\n";

    @Test
    void deliversByteExactMessagesOverStarttlsAuthAndPipeliningWithBdatAndData() throws Exception {
        for (boolean chunking : new boolean[] {true, false}) {
            SmtpConnection c = client.connect(submission().withChunking(chunking)).get();
            assertThat(c.info().tlsProtocol()).startsWith("TLSv1.");
            assertThat(c.info().tlsCipher()).isNotBlank();
            assertThat(c.info().authMechanism()).isEqualTo("PLAIN");
            assertThat(c.info().pipelining()).isTrue();
            assertThat(c.info().chunking()).isEqualTo(chunking);

            int n = 20;
            List<String> recipients = new ArrayList<>();
            List<CompletableFuture<TransactionResult>> results = new ArrayList<>();
            List<MessageContent> contents = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String to = "rcpt" + i + "-" + (chunking ? "bdat" : "data") + "-" + run + "@example.test";
                recipients.add(to);
                MessageContent m = MessageContent.of(message(to, DOTTED_BODY).getBytes(StandardCharsets.UTF_8));
                contents.add(m);
                results.add(c.send(new Transaction(EmailAddress.parse("sender@example.test"), List.of(EmailAddress.parse(to)), m)));
            }
            for (CompletableFuture<TransactionResult> f : results) {
                RecipientResult r = f.get().recipients().get(0);
                assertThat(r.status()).as(r.toString()).isEqualTo(DeliveryStatus.DELIVERED);
                assertThat(r.reply().text()).contains("queued");
            }
            c.close().get();
            contents.forEach(MessageContent::release);
            for (String to : recipients) {
                String local = to.substring(0, to.indexOf('@'));
                Path file = postfix.waitForMaildirFiles(local, 1, DELIVERY).get(0);
                // Postfix stores Maildir files with UNIX line ends and prepends its trace headers.
                String stored = Files.readString(file, StandardCharsets.UTF_8);
                assertThat(stored).endsWith(message(to, DOTTED_BODY).replace("\r\n", "\n"));
            }
        }
    }

    @Test
    void refusedRecipientsComeBackBouncedOrDeferredWithTheirCodes() throws Exception {
        SmtpConnection c = client.connect(submission()).get();
        String ok = "ok-" + run + "@example.test";
        String hard = "bounce-hard-" + run + "@example.test";
        String soft = "bounce-soft-" + run + "@example.test";
        MessageContent m = MessageContent.of(message(ok, "mixed recipients\r\n").getBytes(StandardCharsets.UTF_8));
        try {
            TransactionResult r = c.send(new Transaction(EmailAddress.parse("sender@example.test"),
                    List.of(EmailAddress.parse(ok), EmailAddress.parse(hard), EmailAddress.parse(soft)), m)).get();
            List<RecipientResult> rs = r.recipients();
            assertThat(rs.get(0).status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(rs.get(1).status()).isEqualTo(DeliveryStatus.BOUNCED);
            assertThat(rs.get(1).reply().code()).isEqualTo(550);
            assertThat(rs.get(1).reply().enhancedCode()).isEqualTo("5.1.1");
            assertThat(rs.get(2).status()).isEqualTo(DeliveryStatus.DEFERRED);
            assertThat(rs.get(2).reply().code()).isEqualTo(450);
            assertThat(rs.get(2).reply().enhancedCode()).isEqualTo("4.2.1");

            // Every recipient refused: the transaction ends cleanly and the connection stays usable.
            TransactionResult none = c.send(new Transaction(EmailAddress.parse("sender@example.test"),
                    List.of(EmailAddress.parse(hard)), m)).get();
            assertThat(none.recipients().get(0).status()).isEqualTo(DeliveryStatus.BOUNCED);
            String after = "after-" + run + "@example.test";
            TransactionResult next = c.send(new Transaction(EmailAddress.parse("sender@example.test"),
                    List.of(EmailAddress.parse(after)), m)).get();
            assertThat(next.recipients().get(0).status()).isEqualTo(DeliveryStatus.DELIVERED);
        } finally {
            m.release();
        }
        c.close().get();
        postfix.waitForMaildirFiles("ok-" + run, 1, DELIVERY);
        postfix.waitForMaildirFiles("after-" + run, 1, DELIVERY);
    }

    @Test
    void eightBitAndSmtpUtf8MessagesArriveIntact() throws Exception {
        SmtpConnection c = client.connect(submission()).get();
        String eight = "eight-" + run + "@example.test";
        String utf8Local = "josé-" + run;
        String utf8 = utf8Local + "@example.test";
        String body8 = "Grüße aus Köln, naïve café\r\n";
        MessageContent m8 = MessageContent.of(message(eight, body8).getBytes(StandardCharsets.UTF_8));
        String utf8Msg = "From: Salvo <sender@example.test>\r\nTo: <" + utf8 + ">\r\nSubject: ünïcödé " + run
                + "\r\nDate: Sat, 28 Nov 2026 12:00:00 +0000\r\nMessage-ID: <u." + run + "@salvo.test>\r\n\r\n" + body8;
        MessageContent mu = MessageContent.of(utf8Msg.getBytes(StandardCharsets.UTF_8));
        try {
            assertThat(m8.has8BitContent()).isTrue();
            assertThat(c.send(new Transaction(EmailAddress.parse("sender@example.test"), List.of(EmailAddress.parse(eight)), m8))
                    .get().recipients().get(0).status()).isEqualTo(DeliveryStatus.DELIVERED);
            RecipientResult u = c.send(new Transaction(EmailAddress.parse("sender@example.test"), List.of(EmailAddress.parse(utf8)), mu))
                    .get().recipients().get(0);
            assertThat(u.status()).as(u.toString()).isEqualTo(DeliveryStatus.DELIVERED);
        } finally {
            m8.release();
            mu.release();
        }
        c.close().get();
        assertThat(Files.readString(postfix.waitForMaildirFiles("eight-" + run, 1, DELIVERY).get(0), StandardCharsets.UTF_8))
                .endsWith(body8.replace("\r\n", "\n"));
        Path utf8File = postfix.waitForMaildirFiles(utf8Local.toLowerCase(Locale.ROOT), 1, DELIVERY).get(0);
        assertThat(Files.readString(utf8File, StandardCharsets.UTF_8)).endsWith(utf8Msg.replace("\r\n", "\n"));
    }

    @Test
    void wrongPasswordIsAPermanentAuthFailureWithoutTheSecret() {
        ConnectionSettings bad = submission().withCredentials(Credentials.password(postfix.user(), "not-the-password"), false);
        assertThatThrownBy(() -> client.connect(bad).join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(SessionFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(SessionFailure.Kind.AUTH_FAILED);
                    assertThat(f.reply().code()).isEqualTo(535);
                    assertThat(f.getMessage()).doesNotContain("not-the-password");
                });
    }

    @Test
    void certificateForAnotherNameIsRefused() {
        // The instance's certificate names localhost and 127.0.0.1; "127.0.0.2" is the same server under a name it lacks.
        ConnectionSettings wrongName = new ConnectionSettings("127.0.0.2", postfix.submissionPort(), TlsMode.STARTTLS,
                TrustSource.pem(postfix.caPem()), null, false, "salvo.test", null, true, true, 4096,
                dev.salvo.smtp.Timeouts.all(Duration.ofSeconds(20)));
        assertThatThrownBy(() -> client.connect(wrongName).join())
                .cause()
                .isInstanceOfSatisfying(SessionFailure.class, f -> assertThat(f.kind()).isIn(
                        SessionFailure.Kind.TLS_FAILED, SessionFailure.Kind.CONNECT_FAILED));
    }
}
