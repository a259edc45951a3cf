package dev.salvo.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.message.MessageContent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client session byte by byte, against a server the test scripts. */
@Timeout(10)
class SmtpClientHandlerTest {
    private static final String MSG = "From: a@x.test\r\nSubject: hi\r\n\r\nHello\r\n.hidden dot\r\n";
    private static final String STUFFED = "From: a@x.test\r\nSubject: hi\r\n\r\nHello\r\n..hidden dot\r\n.\r\n";

    @Test
    void opensWithEhloAndParsesKeywords() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING", "SIZE 1000000", "8BITMIME", "SMTPUTF8", "CHUNKING", "ENHANCEDSTATUSCODES", "DSN", "AUTH PLAIN LOGIN");
            EhloCapabilities c = s.handler.capabilities();
            assertThat(c.pipelining()).isTrue();
            assertThat(c.sizeLimit()).isEqualTo(1_000_000);
            assertThat(c.eightBitMime()).isTrue();
            assertThat(c.smtpUtf8()).isTrue();
            assertThat(c.chunking()).isTrue();
            assertThat(c.enhancedStatusCodes()).isTrue();
            assertThat(c.dsn()).isTrue();
            assertThat(c.starttls()).isFalse();
            assertThat(c.authMechanisms()).containsExactly("PLAIN", "LOGIN");
        }
    }

    @Test
    void fallsBackToHeloWhenEhloIsUnknown() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.server("220 old.test SMTP\r\n");
            s.expectWritten("EHLO client.test\r\n");
            s.server("502 5.5.1 command not implemented\r\n");
            s.expectWritten("HELO client.test\r\n");
            s.server("250 old.test\r\n");
            assertThat(s.handler.opened).isCompleted();
            assertThat(s.handler.capabilities().esmtp()).isFalse();
            // Without PIPELINING: lockstep, one command per reply.
            CompletableFuture<TransactionResult> f = s.send(s.tx(s.content(MSG), "a@x.test", "b@y.test"));
            s.expectWritten("MAIL FROM:<a@x.test>\r\n");
            s.server("250 ok\r\n");
            s.expectWritten("RCPT TO:<b@y.test>\r\n");
            s.server("250 ok\r\n");
            s.expectWritten("DATA\r\n");
            s.server("354 go\r\n");
            s.expectWritten(STUFFED);
            s.server("250 queued\r\n");
            assertThat(f.join().count(DeliveryStatus.DELIVERED)).isEqualTo(1);
        }
    }

    @Test
    void greeting554IsARefusal() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.server("554 5.7.1 no service for you\r\n");
            SessionFailure f = s.failure();
            assertThat(f.kind()).isEqualTo(SessionFailure.Kind.REFUSED);
            assertThat(f.getMessage()).contains("554 5.7.1 no service for you");
            assertThat(s.written()).isEmpty();
            assertThat(s.channel.isOpen()).isFalse();
        }
    }

    @Test
    void pipelinesMailRcptAndDataInOneFlushWithPerRecipientResults() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING", "SIZE 0", "ENHANCEDSTATUSCODES");
            MessageContent c = s.content(MSG);
            CompletableFuture<TransactionResult> f = s.send(s.tx(c, "a@x.test", "b@y.test", "bad@y.test", "d@y.test"));
            s.expectWritten("MAIL FROM:<a@x.test> SIZE=" + c.size() + "\r\n"
                    + "RCPT TO:<b@y.test>\r\nRCPT TO:<bad@y.test>\r\nRCPT TO:<d@y.test>\r\nDATA\r\n");
            assertThat(s.channel.outboundMessages()).isEmpty();
            s.server("250 2.1.0 ok\r\n250 2.1.5 ok\r\n550 5.1.1 no such user\r\n250 2.1.5 ok\r\n354 go ahead\r\n");
            s.expectWritten(STUFFED);
            assertThat(f).isNotDone();
            s.server("250 2.0.0 Ok: queued as ABC\r\n");
            List<RecipientResult> r = f.join().recipients();
            assertThat(r).extracting(RecipientResult::status).containsExactly(
                    DeliveryStatus.DELIVERED, DeliveryStatus.BOUNCED, DeliveryStatus.DELIVERED);
            assertThat(r.get(0).reply().text()).isEqualTo("Ok: queued as ABC");
            assertThat(r.get(1).reply().enhancedCode()).isEqualTo("5.1.1");
            assertThat(r.get(1).reply().code()).isEqualTo(550);
        }
    }

    @Test
    void bodyOfOneMessageSharesAFlushWithTheNextGroupAndNoRsetBeforeTheFirst() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING");
            MessageContent c = s.content(MSG);
            CompletableFuture<TransactionResult> f1 = s.send(s.tx(c, "a@x.test", "b@y.test"));
            CompletableFuture<TransactionResult> f2 = s.send(s.tx(c, "a@x.test", "c@y.test"));
            s.expectWritten("MAIL FROM:<a@x.test>\r\nRCPT TO:<b@y.test>\r\nDATA\r\n");
            s.server("250 ok\r\n250 ok\r\n354 go\r\n");
            // One read's worth of replies, one flush: body 1, then message 2's group.
            assertThat(s.channel.outboundMessages()).hasSize(2);
            s.expectWritten(STUFFED + "MAIL FROM:<a@x.test>\r\nRCPT TO:<c@y.test>\r\nDATA\r\n");
            s.server("250 queued 1\r\n250 ok\r\n250 ok\r\n354 go\r\n");
            assertThat(f1.join().count(DeliveryStatus.DELIVERED)).isEqualTo(1);
            s.expectWritten(STUFFED);
            s.server("250 queued 2\r\n");
            assertThat(f2.join().recipients().get(0).reply().text()).isEqualTo("queued 2");
        }
    }

    @Test
    void sendsALoneDotWhenDataGot354ButEveryRecipientWasRefused() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING");
            MessageContent c = s.content(MSG);
            CompletableFuture<TransactionResult> f = s.send(s.tx(c, "a@x.test", "b@y.test", "c@y.test"));
            s.written();
            s.server("250 ok\r\n550 5.1.1 no b\r\n450 4.2.1 later c\r\n354 go\r\n");
            s.expectWritten(".\r\n");
            s.server("554 5.5.1 no valid recipients\r\n");
            List<RecipientResult> r = f.join().recipients();
            assertThat(r).extracting(RecipientResult::status).containsExactly(DeliveryStatus.BOUNCED, DeliveryStatus.DEFERRED);
            assertThat(r.get(1).reply().code()).isEqualTo(450);
            // The lone dot closed the transaction: the next one needs no RSET.
            s.send(s.tx(c, "a@x.test", "d@y.test"));
            s.expectWritten("MAIL FROM:<a@x.test>\r\nRCPT TO:<d@y.test>\r\nDATA\r\n");
        }
    }

    @Test
    void resetsBeforeTheNextTransactionWhenDataWasRefused() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING");
            MessageContent c = s.content(MSG);
            CompletableFuture<TransactionResult> f = s.send(s.tx(c, "a@x.test", "b@y.test"));
            s.written();
            s.server("250 ok\r\n550 5.1.1 no b\r\n554 5.5.1 no valid recipients\r\n");
            assertThat(f.join().recipients().get(0).reply().code()).isEqualTo(550);
            s.send(s.tx(c, "a@x.test", "d@y.test"));
            s.expectWritten("RSET\r\nMAIL FROM:<a@x.test>\r\nRCPT TO:<d@y.test>\r\nDATA\r\n");
            s.server("250 reset\r\n250 ok\r\n250 ok\r\n354 go\r\n");
            s.expectWritten(STUFFED);
        }
    }

    @Test
    void mailRefusedBouncesEveryRecipientWithTheMailReply() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING");
            CompletableFuture<TransactionResult> f = s.send(s.tx(s.content(MSG), "a@x.test", "b@y.test", "c@y.test"));
            s.written();
            s.server("553 5.7.1 sender rejected\r\n503 5.5.1 need MAIL\r\n503 5.5.1 need MAIL\r\n503 5.5.1 need MAIL\r\n");
            assertThat(f.join().recipients()).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(DeliveryStatus.BOUNCED);
                assertThat(r.reply().code()).isEqualTo(553);
            });
            s.send(s.tx(s.content(MSG), "a@x.test", "d@y.test"));
            assertThat(s.written()).startsWith("MAIL FROM:"); // MAIL failed: nothing to reset
        }
    }

    @Test
    void a421MidPipelineDefersWhatIsInFlightAndCloses() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING");
            CompletableFuture<TransactionResult> f = s.send(s.tx(s.content(MSG), "a@x.test", "b@y.test", "c@y.test"));
            s.written();
            s.server("250 ok\r\n550 5.1.1 no b\r\n421 4.7.0 too busy, closing\r\n");
            List<RecipientResult> r = f.join().recipients();
            assertThat(r.get(0).status()).isEqualTo(DeliveryStatus.BOUNCED);
            assertThat(r.get(1).status()).isEqualTo(DeliveryStatus.DEFERRED);
            assertThat(r.get(1).reply().code()).isEqualTo(421);
            assertThat(s.channel.isOpen()).isFalse();
        }
    }

    @Test
    void disconnectAfterTheBodyDefersTheAcceptedRecipients() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING");
            CompletableFuture<TransactionResult> f = s.send(s.tx(s.content(MSG), "a@x.test", "b@y.test"));
            s.server("250 ok\r\n250 ok\r\n354 go\r\n");
            s.written();
            s.channel.close();
            RecipientResult r = f.join().recipients().get(0);
            assertThat(r.status()).isEqualTo(DeliveryStatus.DEFERRED);
            assertThat(r.reply().synthetic()).isTrue();
            assertThat(r.reply().text()).contains("closed the connection while waiting for the reply to end of data");
        }
    }

    @Test
    void repliesSplitAcrossReadsAndMultiLineReplies() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.server("22").server("0 mx").server(".test\r");
            assertThat(s.written()).isEmpty();
            s.server("\n");
            s.expectWritten("EHLO client.test\r\n");
            s.server("250-mx.test hello\r\n250-PIPE").server("LINING\r\n250 8BITMIME\r\n");
            assertThat(s.handler.capabilities().pipelining()).isTrue();
            CompletableFuture<TransactionResult> f = s.send(s.tx(s.content(MSG), "a@x.test", "b@y.test"));
            s.written();
            s.server("250 ok\r\n550-5.1.1 first line\r\n550-5.1.1 second").server(" line\r\n550 5.1.1 last line\r\n554 no\r\n");
            SmtpReply r = f.join().recipients().get(0).reply();
            assertThat(r.lines()).containsExactly("first line", "second line", "last line");
            assertThat(r.enhancedCode()).isEqualTo("5.1.1");
        }
    }

    @Test
    void garbageReplyIsAProtocolErrorThatShowsTheBytes() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.server("HTTP/1.1 400 Bad Request\r\n");
            SessionFailure f = s.failure();
            assertThat(f.kind()).isEqualTo(SessionFailure.Kind.PROTOCOL_ERROR);
            assertThat(f.getMessage()).contains("\"HTTP/1.1 400 Bad Request\"");
        }
    }

    @Test
    void overLongReplyLineIsAProtocolError() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.server("220 " + "x".repeat(ReplyDecoder.MAX_LINE + 10));
            SessionFailure f = s.failure();
            assertThat(f.kind()).isEqualTo(SessionFailure.Kind.PROTOCOL_ERROR);
            assertThat(f.getMessage()).contains("longer than " + ReplyDecoder.MAX_LINE);
        }
    }

    @Test
    void bdatCarriesTheUnstuffedBodyWithTheGroup() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING", "CHUNKING", "8BITMIME");
            MessageContent c = s.content(MSG);
            CompletableFuture<TransactionResult> f = s.send(s.tx(c, "a@x.test", "b@y.test"));
            String unstuffed = "From: a@x.test\r\nSubject: hi\r\n\r\nHello\r\n.hidden dot\r\n";
            s.expectWritten("MAIL FROM:<a@x.test>\r\nRCPT TO:<b@y.test>\r\nBDAT " + c.size() + " LAST\r\n" + unstuffed);
            s.server("250 ok\r\n250 ok\r\n250 2.0.0 queued\r\n");
            assertThat(f.join().count(DeliveryStatus.DELIVERED)).isEqualTo(1);
        }
    }

    @Test
    void eightBitAndUtf8AndDsnParameters() {
        ConnectionSettings settings = ScriptedSession.plain();
        try (ScriptedSession s = new ScriptedSession(settings)) {
            s.open("PIPELINING", "8BITMIME", "SMTPUTF8", "DSN");
            MessageContent c = s.content("From: a@x.test\r\nSubject: café\r\n\r\nbody é\r\n");
            Transaction tx = new Transaction(dev.salvo.message.EmailAddress.parse("a@x.test"),
                    List.of(dev.salvo.message.EmailAddress.parse("josé@y.test"), dev.salvo.message.EmailAddress.parse("b@y.test")), c,
                    new DsnOptions(DsnOptions.Ret.HDRS, "id+1", java.util.Set.of(DsnOptions.Notify.FAILURE, DsnOptions.Notify.DELAY), true));
            s.send(tx);
            s.expectWritten("MAIL FROM:<a@x.test> BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=id+2B1\r\n"
                    + "RCPT TO:<josé@y.test> NOTIFY=FAILURE,DELAY\r\n"
                    + "RCPT TO:<b@y.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;b@y.test\r\nDATA\r\n");
        }
    }

    @Test
    void refusesLocallyWhatTheServerCannotTake() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING", "SIZE 10");
            RecipientResult big = s.send(s.tx(s.content(MSG), "a@x.test", "b@y.test")).join().recipients().get(0);
            assertThat(big.reply().code()).isEqualTo(552);
            assertThat(big.reply().synthetic()).isTrue();
            assertThat(big.status()).isEqualTo(DeliveryStatus.BOUNCED);
        }
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING");
            RecipientResult eight = s.send(s.tx(s.content("From: a@x.test\r\n\r\nnaïve\r\n"), "a@x.test", "b@y.test"))
                    .join().recipients().get(0);
            assertThat(eight.reply().enhancedCode()).isEqualTo("5.6.3");
            assertThat(eight.reply().text()).contains("8BITMIME");
            RecipientResult utf8 = s.send(s.tx(s.content(MSG), "a@x.test", "josé@y.test")).join().recipients().get(0);
            assertThat(utf8.reply().enhancedCode()).isEqualTo("5.6.7");
            assertThat(s.written()).isEmpty(); // nothing went to the server
        }
    }

    @Test
    void starttlsRequiredButNotOfferedFailsBeforeAnythingElse() {
        ConnectionSettings settings = ScriptedSession.plain().withTls(TlsMode.STARTTLS, TrustSource.system())
                .withCredentials(Credentials.password("user", "s3cret"), false);
        try (ScriptedSession s = new ScriptedSession(settings)) {
            s.server("220 mx.test\r\n");
            s.written();
            s.server("250-mx.test\r\n250 AUTH PLAIN\r\n");
            SessionFailure f = s.failure();
            assertThat(f.kind()).isEqualTo(SessionFailure.Kind.TLS_UNAVAILABLE);
            assertThat(f.kind().permanent()).isTrue();
            assertThat(s.written()).isEmpty();
        }
    }

    @Test
    void bytesAfterTheStarttls220AreAnInjectionAndCloseTheConnection() {
        ConnectionSettings settings = ScriptedSession.plain().withTls(TlsMode.STARTTLS, TrustSource.insecureTrustAll());
        try (ScriptedSession s = new ScriptedSession(settings)) {
            s.server("220 mx.test\r\n");
            s.written();
            s.server("250-mx.test\r\n250 STARTTLS\r\n");
            s.expectWritten("STARTTLS\r\n");
            s.server("220 2.0.0 ready\r\n250-injected\r\n250 AUTH PLAIN\r\n");
            SessionFailure f = s.failure();
            assertThat(f.kind()).isEqualTo(SessionFailure.Kind.PROTOCOL_ERROR);
            assertThat(f.getMessage()).contains("injection");
            assertThat(s.channel.pipeline().get("tls")).isNull();
            assertThat(s.written()).isEmpty();
        }
    }

    @Test
    void credentialsNeverGoOverPlaintextUnlessAllowed() {
        ConnectionSettings settings = ScriptedSession.plain().withCredentials(Credentials.password("alice", "s3cret"), false);
        try (ScriptedSession s = new ScriptedSession(settings)) {
            s.server("220 mx.test\r\n").written();
            s.server("250-mx.test\r\n250 AUTH PLAIN LOGIN\r\n");
            SessionFailure f = s.failure();
            assertThat(f.kind()).isEqualTo(SessionFailure.Kind.AUTH_NEEDS_TLS);
            assertThat(s.written()).isEmpty();
        }
    }

    @Test
    void authPlainAndLoginByteExact() {
        ConnectionSettings plainAllowed = ScriptedSession.plain().withCredentials(Credentials.password("alice", "s3cret"), true);
        try (ScriptedSession s = new ScriptedSession(plainAllowed)) {
            s.server("220 mx.test\r\n").written();
            s.server("250-mx.test\r\n250 AUTH LOGIN PLAIN\r\n");
            s.expectWritten("AUTH PLAIN AGFsaWNlAHMzY3JldA==\r\n");
            s.server("235 2.7.0 ok\r\n");
            assertThat(s.handler.opened).isCompleted();
            assertThat(s.handler.info().authMechanism()).isEqualTo("PLAIN");
        }
        try (ScriptedSession s = new ScriptedSession(plainAllowed)) {
            s.server("220 mx.test\r\n").written();
            s.server("250-mx.test\r\n250 AUTH LOGIN\r\n");
            s.expectWritten("AUTH LOGIN\r\n");
            s.server("334 VXNlcm5hbWU6\r\n");
            s.expectWritten("YWxpY2U=\r\n");
            s.server("334 UGFzc3dvcmQ6\r\n");
            s.expectWritten("czNjcmV0\r\n");
            s.server("235 2.7.0 ok\r\n");
            assertThat(s.handler.opened).isCompleted();
        }
    }

    @Test
    void refusedCredentialsArePermanentAndNeverShowTheSecret() {
        ConnectionSettings settings = ScriptedSession.plain().withCredentials(Credentials.password("alice", "s3cret"), true);
        try (ScriptedSession s = new ScriptedSession(settings)) {
            s.server("220 mx.test\r\n").written();
            s.server("250-mx.test\r\n250 AUTH PLAIN\r\n").written();
            s.server("535 5.7.8 authentication failed\r\n");
            SessionFailure f = s.failure();
            assertThat(f.kind()).isEqualTo(SessionFailure.Kind.AUTH_FAILED);
            assertThat(f.kind().permanent()).isTrue();
            assertThat(f.getMessage()).contains("alice").contains("535").doesNotContain("s3cret").doesNotContain("AGFsaWNl");
            assertThat(settings.toString()).doesNotContain("s3cret");
            assertThat(s.channel.isOpen()).isFalse();
        }
    }

    @Test
    void quitsWhenClosedAndIdle() {
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.open("PIPELINING");
            s.handler.requestQuit();
            s.expectWritten("QUIT\r\n");
            s.server("221 2.0.0 bye\r\n");
            assertThat(s.channel.isOpen()).isFalse();
        }
    }

    @Test
    void everyPhaseHasATimeout() {
        Duration t = Duration.ofSeconds(30);
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.advance(t.minusSeconds(1));
            assertThat(s.handler.opened).isNotDone();
            s.advance(Duration.ofSeconds(2));
            assertThat(s.failure().getMessage()).contains("greeting");
        }
        try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
            s.server("220 mx.test\r\n");
            s.advance(t.plusSeconds(1));
            assertThat(s.failure().getMessage()).contains("reply to EHLO");
        }
        for (String phase : List.of("MAIL FROM", "RCPT TO", "DATA", "end of data")) {
            try (ScriptedSession s = new ScriptedSession(ScriptedSession.plain())) {
                s.open("PIPELINING");
                CompletableFuture<TransactionResult> f = s.send(s.tx(s.content(MSG), "a@x.test", "b@y.test"));
                String replies = switch (phase) {
                    case "MAIL FROM" -> "";
                    case "RCPT TO" -> "250 ok\r\n";
                    case "DATA" -> "250 ok\r\n250 ok\r\n";
                    default -> "250 ok\r\n250 ok\r\n354 go\r\n";
                };
                if (!replies.isEmpty()) {
                    s.server(replies);
                }
                s.advance(t.plusSeconds(1));
                RecipientResult r = f.join().recipients().get(0);
                assertThat(r.status()).isEqualTo(DeliveryStatus.DEFERRED);
                assertThat(r.reply().text()).contains("timed out").contains(phase);
                assertThat(s.channel.isOpen()).isFalse();
            }
        }
    }
}
