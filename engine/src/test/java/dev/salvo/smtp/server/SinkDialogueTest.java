package dev.salvo.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The plain-text dialogue, scripted byte for byte over a loopback socket. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SinkDialogueTest {
    private SmtpSink sink;

    private SmtpSink start(SinkConfig.Builder config) throws Exception {
        sink = SmtpSink.start(config.ephemeralPort().captureLimit(10).build());
        return sink;
    }

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void ehloAdvertisesTheExtensions() throws Exception {
        start(SinkConfig.builder().maxSize(1000));
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            assertThat(c.reply()).isEqualTo("220 localhost ESMTP Salvo sink\r\n");
            String ehlo = c.command("EHLO client.example");
            assertThat(ehlo).startsWith("250-localhost").endsWith("250 DSN\r\n")
                    .contains("250-PIPELINING\r\n", "250-SIZE 1000\r\n", "250-8BITMIME\r\n", "250-SMTPUTF8\r\n",
                            "250-CHUNKING\r\n", "250-ENHANCEDSTATUSCODES\r\n")
                    .doesNotContain("STARTTLS", "AUTH");
            assertThat(c.command("HELO client.example")).isEqualTo("250 localhost\r\n");
            assertThat(c.command("VRFY someone")).startsWith("252 ");
            assertThat(c.command("FROB")).isEqualTo("500 5.5.1 Command unrecognized\r\n");
            assertThat(c.command("QUIT")).startsWith("221 2.0.0");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void fullTransactionIsCapturedAndCounted() throws Exception {
        start(SinkConfig.builder());
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.reply();
            c.command("EHLO client.example");
            assertThat(c.command("MAIL FROM:<b@example.com> SIZE=100 BODY=8BITMIME RET=HDRS ENVID=x1"))
                    .isEqualTo("250 2.1.0 Sender OK\r\n");
            assertThat(c.command("RCPT TO:<a@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a@example.com"))
                    .isEqualTo("250 2.1.5 Recipient OK\r\n");
            assertThat(c.command("DATA")).startsWith("354 ");
            assertThat(c.command("Subject: hi\r\n\r\nhello\r\n.")).isEqualTo("250 2.0.0 Message accepted\r\n");
        }
        assertThat(sink.received()).singleElement().satisfies(m -> {
            assertThat(m.mailFrom()).isEqualTo("b@example.com");
            assertThat(m.recipients()).containsExactly("a@example.com");
            assertThat(new String(m.content(), StandardCharsets.US_ASCII)).isEqualTo("Subject: hi\r\n\r\nhello\r\n");
        });
        assertThat(sink.stats().messagesAccepted()).isEqualTo(1);
        assertThat(sink.stats().recipientsAccepted()).isEqualTo(1);
        assertThat(sink.stats().connectionsAccepted()).isEqualTo(1);
        assertThat(sink.stats().bytesReceived()).isEqualTo("Subject: hi\r\n\r\nhello\r\n.\r\n".length());
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        start(SinkConfig.builder());
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.reply();
            c.send("EHLO c\r\nMAIL FROM:<b@example.com>\r\nRCPT TO:<bounce-hard-1@example.com>\r\n"
                    + "RCPT TO:<bounce-soft-1@example.com>\r\nRCPT TO:<ok@example.com>\r\nDATA\r\n"
                    + "x\r\n.\r\nNOOP\r\nRSET\r\nQUIT\r\n");
            assertThat(c.reply()).startsWith("250-localhost");
            assertThat(c.reply()).isEqualTo("250 2.1.0 Sender OK\r\n");
            assertThat(c.reply()).isEqualTo("550 5.1.1 Mailbox unavailable\r\n");
            assertThat(c.reply()).isEqualTo("450 4.2.1 Mailbox temporarily unavailable\r\n");
            assertThat(c.reply()).isEqualTo("250 2.1.5 Recipient OK\r\n");
            assertThat(c.reply()).startsWith("354 ");
            assertThat(c.reply()).isEqualTo("250 2.0.0 Message accepted\r\n");
            assertThat(c.reply()).isEqualTo("250 2.0.0 OK\r\n");
            assertThat(c.reply()).isEqualTo("250 2.0.0 OK\r\n");
            assertThat(c.reply()).startsWith("221 ");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(sink.stats().recipientsRejected()).isEqualTo(1);
        assertThat(sink.stats().recipientsTempfailed()).isEqualTo(1);
        assertThat(sink.received().get(0).recipients()).containsExactly("ok@example.com");
    }

    @Test
    void dotUnstuffingIsByteExact() throws Exception {
        start(SinkConfig.builder());
        byte[] stuffed = "..one\r\n...two\r\n\r\n.. \r\nbare\nlf\r\n\u00e9t\u00e9 8bit\r\n.\r\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] expected = ".one\r\n..two\r\n\r\n. \r\nbare\nlf\r\n\u00e9t\u00e9 8bit\r\n".getBytes(StandardCharsets.UTF_8);
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.greetAndEhlo();
            c.command("MAIL FROM:<> BODY=8BITMIME");
            c.command("RCPT TO:<a@example.com>");
            assertThat(c.command("DATA")).startsWith("354 ");
            // Split at awkward places: inside a CRLF, right after one, and inside the terminator.
            int[] cuts = {1, 6, 7, 16, 17, stuffed.length - 2};
            int from = 0;
            for (int cut : cuts) {
                c.sendBytes(java.util.Arrays.copyOfRange(stuffed, from, cut));
                from = cut;
            }
            c.sendBytes(java.util.Arrays.copyOfRange(stuffed, from, stuffed.length));
            assertThat(c.reply()).isEqualTo("250 2.0.0 Message accepted\r\n");
        }
        assertThat(sink.received().get(0).content()).isEqualTo(expected);
    }

    @Test
    void bdatChunksEndWithLast() throws Exception {
        start(SinkConfig.builder());
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.greetAndEhlo();
            c.send("MAIL FROM:<b@example.com> BODY=BINARYMIME\r\nRCPT TO:<a@example.com>\r\n"
                    + "BDAT 7\r\nab\r\n.\r\nBDAT 3 LAST\r\n\u0000\r\nNOOP\r\n");
            assertThat(c.reply()).startsWith("250 2.1.0");
            assertThat(c.reply()).startsWith("250 2.1.5");
            assertThat(c.reply()).isEqualTo("250 2.0.0 Chunk received\r\n");
            assertThat(c.reply()).isEqualTo("250 2.0.0 Message accepted\r\n");
            assertThat(c.reply()).isEqualTo("250 2.0.0 OK\r\n");
            c.command("MAIL FROM:<b@example.com>");
            assertThat(c.command("BDAT 0 LAST")).startsWith("554 5.5.0");
            // The refused LAST ended the transaction: a chunk without MAIL is read in full and refused.
            c.send("BDAT 2 LAST\r\nxyNOOP\r\n");
            assertThat(c.reply()).startsWith("503 5.5.1");
            assertThat(c.reply()).startsWith("250 2.0.0 OK");
        }
        assertThat(sink.received()).hasSize(1);
        assertThat(sink.received().get(0).content()).isEqualTo("ab\r\n.\r\n\u0000\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void sizeLimitIsEnforcedAtMailAndAtEndOfData() throws Exception {
        start(SinkConfig.builder().maxSize(10));
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.greetAndEhlo();
            assertThat(c.command("MAIL FROM:<b@example.com> SIZE=11")).isEqualTo("552 5.3.4 Message size exceeds fixed limit\r\n");
            c.envelope("b@example.com", "a@example.com");
            c.command("DATA");
            assertThat(c.command("0123456789\r\n.")).startsWith("552 5.3.4");
            assertThat(c.command("MAIL FROM:<b@example.com>")).startsWith("250 2.1.0");
            c.command("RCPT TO:<a@example.com>");
            c.send("BDAT 11 LAST\r\n0123456789\r");
            assertThat(c.reply()).startsWith("552 5.3.4");
            assertThat(c.command("NOOP")).startsWith("250 ");
        }
        assertThat(sink.stats().messagesAccepted()).isZero();
    }

    @Test
    void overlongLinesAreRefused() throws Exception {
        start(SinkConfig.builder());
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.reply();
            // 511 octets + CRLF is over the limit of 512 with the CRLF; 510 + CRLF is fine.
            assertThat(c.command("NOOP " + "x".repeat(506))).startsWith("500 5.5.2");
            assertThat(c.command("NOOP " + "x".repeat(505))).startsWith("250 ");
            assertThat(c.command("NOOP " + "x".repeat(5000))).isEqualTo("500 5.5.2 Line too long\r\n");
            c.command("EHLO c");
            c.envelope("b@example.com", "a@example.com");
            c.command("DATA");
            assertThat(c.command("y".repeat(999) + "\r\n.")).isEqualTo("550 5.6.0 Message line longer than 998 octets\r\n");
            c.envelope("b@example.com", "a@example.com");
            c.command("DATA");
            assertThat(c.command("y".repeat(998) + "\r\n.")).startsWith("250 2.0.0");
        }
    }

    @Test
    void sequencingAndSyntaxErrors() throws Exception {
        start(SinkConfig.builder());
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.reply();
            assertThat(c.command("MAIL FROM:<b@example.com>")).isEqualTo("503 5.5.1 Send EHLO or HELO first\r\n");
            assertThat(c.command("EHLO")).startsWith("501 5.5.4");
            c.command("EHLO c");
            assertThat(c.command("RCPT TO:<a@example.com>")).startsWith("503 5.5.1");
            assertThat(c.command("DATA")).startsWith("503 5.5.1");
            assertThat(c.command("MAIL FROM b@example.com")).startsWith("501 5.5.4");
            assertThat(c.command("MAIL FROM:<b@example.com> FOO=1")).startsWith("555 5.5.4");
            assertThat(c.command("MAIL FROM:<b\u00e9@example.com>")).startsWith("553 5.6.7");
            assertThat(c.command("MAIL FROM:<b\u00e9@example.com> SMTPUTF8")).startsWith("250 2.1.0");
            assertThat(c.command("MAIL FROM:<b@example.com>")).startsWith("503 5.5.1");
            assertThat(c.command("RCPT TO:<\u00fc@example.com>")).startsWith("250 2.1.5");
            assertThat(c.command("RCPT TO:<bounce-hard@example.com>")).startsWith("550 5.1.1");
            assertThat(c.command("RSET")).startsWith("250 ");
            c.command("MAIL FROM:<b@example.com>");
            c.command("RCPT TO:<bounce-hard@example.com>");
            assertThat(c.command("DATA")).isEqualTo("554 5.5.0 No valid recipients\r\n");
            assertThat(c.command("NOOP \u00e9")).startsWith("500 5.6.7");
        }
    }

    @Test
    void closesAfterTheConfiguredNumberOfMessages() throws Exception {
        start(SinkConfig.builder().maxMessagesPerConnection(1));
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.greetAndEhlo();
            c.envelope("b@example.com", "a@example.com");
            c.command("DATA");
            assertThat(c.command("x\r\n.")).startsWith("250 2.0.0");
            assertThat(c.command("MAIL FROM:<b@example.com>")).startsWith("421 4.7.0");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void connectionsOverTheCapAreTurnedAway() throws Exception {
        start(SinkConfig.builder().maxConnections(1));
        try (SmtpTestClient first = SmtpTestClient.connect(sink)) {
            assertThat(first.reply()).startsWith("220 ");
            try (SmtpTestClient second = SmtpTestClient.connect(sink)) {
                assertThat(second.reply()).startsWith("421 4.7.0");
                assertThat(second.closedByServer()).isTrue();
            }
            assertThat(first.command("NOOP")).startsWith("250 ");
        }
        assertThat(sink.stats().connectionsAccepted()).isEqualTo(2);
        assertThat(sink.stats().sessionsMax()).isEqualTo(2);
    }

    @Test
    void latencyDelaysEveryReply() throws Exception {
        start(SinkConfig.builder().latencyMs(150));
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.reply();
            long t0 = System.nanoTime();
            c.send("NOOP\r\nNOOP\r\n");
            assertThat(c.reply()).startsWith("250 ");
            assertThat(c.reply()).startsWith("250 ");
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(elapsedMs).isGreaterThanOrEqualTo(140);
        }
    }

    @Test
    void listensOnIpv6Loopback() throws Exception {
        java.net.InetSocketAddress v6 = new java.net.InetSocketAddress("::1", 0);
        sink = SmtpSink.start(SinkConfig.builder().listen(v6).build());
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getByName("::1"), sink.port())) {
            s.setSoTimeout(5000);
            assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("220 ");
        }
    }

    @Test
    void idleConnectionsAreClosedWith421() throws Exception {
        start(SinkConfig.builder().idleTimeout(java.time.Duration.ofMillis(200)));
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.reply();
            assertThat(c.reply()).isEqualTo("421 4.4.2 Idle timeout, closing\r\n");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void seededPercentagesAreRepeatable() throws Exception {
        List<String> first = recipientReplies(42);
        List<String> second = recipientReplies(42);
        assertThat(first).isEqualTo(second);
        long rejected = first.stream().filter(r -> r.startsWith("550 5.1.1")).count();
        long deferred = first.stream().filter(r -> r.startsWith("450 4.2.1")).count();
        // 300 draws at 30% and 20%: far outside these bounds only if the draw were broken.
        assertThat(rejected).isBetween(60L, 120L);
        assertThat(deferred).isBetween(35L, 85L);
        assertThat(sink.stats().recipientsRejected()).isEqualTo(rejected);
        assertThat(sink.stats().recipientsTempfailed()).isEqualTo(deferred);
    }

    private List<String> recipientReplies(long seed) throws Exception {
        stop();
        start(SinkConfig.builder().rejectPercent(30).tempfailPercent(20).seed(seed).maxRecipients(1000));
        List<String> replies = new ArrayList<>();
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.greetAndEhlo();
            c.command("MAIL FROM:<b@example.com>");
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                batch.append("RCPT TO:<user").append(i).append("@example.com>\r\n");
            }
            c.send(batch.toString());
            for (int i = 0; i < 300; i++) {
                replies.add(c.reply());
            }
        }
        return replies;
    }
}
