package dev.salvo.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.server.ReceivedMessage;
import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client against Salvo's own server over real loopback sockets, with real TLS and AUTH. */
@Timeout(60)
class ClientAgainstSinkTest {
    private static final String BODY = "From: a@x.test\r\nSubject: t\r\n\r\nline one\r\n.dot line\r\n..\r\nend\r\n";
    private static SmtpClient client;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        client = new SmtpClient(2);
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static Path trust(SmtpSink sink) throws Exception {
        Path pem = Files.createTempFile(tmp, "sink", ".pem");
        Files.writeString(pem, sink.trustCertificatePem());
        return pem;
    }

    private static ConnectionSettings to(SmtpSink sink, TlsMode mode, Path pem) {
        return ConnectionSettings.relay("127.0.0.1", sink.port())
                .withTls(mode, TrustSource.pem(pem))
                .withCredentials(Credentials.password("alice", "wonderland"), false)
                .withTimeouts(Timeouts.all(Duration.ofSeconds(20)));
    }

    private static List<TransactionResult> sendMany(SmtpConnection c, MessageContent m, List<String> recipients) throws Exception {
        List<CompletableFuture<TransactionResult>> fs = new ArrayList<>();
        for (String r : recipients) {
            fs.add(c.send(new Transaction(EmailAddress.parse("a@x.test"), List.of(EmailAddress.parse(r)), m)));
        }
        List<TransactionResult> out = new ArrayList<>();
        for (CompletableFuture<TransactionResult> f : fs) {
            out.add(f.get());
        }
        return out;
    }

    @Test
    void starttlsWithVerifiedCertificateAuthAndPipelinedMessagesByteExact() throws Exception {
        SinkConfig cfg = SinkConfig.builder().ephemeralPort().selfSignedTls().auth("alice", "wonderland").requireAuth(true)
                .captureLimit(1000).build();
        try (SmtpSink sink = SmtpSink.start(cfg)) {
            MessageContent m = MessageContent.of(BODY.getBytes(StandardCharsets.UTF_8));
            for (boolean chunking : new boolean[] {true, false}) {
                SmtpConnection c = client.connect(to(sink, TlsMode.STARTTLS, trust(sink)).withChunking(chunking)).get();
                assertThat(c.info().tlsProtocol()).isEqualTo("TLSv1.3");
                assertThat(c.info().authMechanism()).isEqualTo("PLAIN");
                assertThat(c.info().chunking()).isEqualTo(chunking);
                OpeningLatency l = c.info().latency();
                assertThat(List.of(l.connect(), l.greeting(), l.ehlo(), l.starttls(), l.auth())).allMatch(n -> n > 0);
                List<String> rcpts = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    rcpts.add((i % 10 == 0 ? "bounce-hard-" : i % 10 == 1 ? "bounce-soft-" : "user") + i + "@y.test");
                }
                List<TransactionResult> results = sendMany(c, m, rcpts);
                assertThat(results.stream().mapToInt(r -> r.count(DeliveryStatus.DELIVERED)).sum()).isEqualTo(160);
                assertThat(results.stream().mapToInt(r -> r.count(DeliveryStatus.BOUNCED)).sum()).isEqualTo(20);
                assertThat(results.stream().mapToInt(r -> r.count(DeliveryStatus.DEFERRED)).sum()).isEqualTo(20);
                assertThat(results.get(2).mailToDataNanos()).isPositive();
                assertThat(results.get(2).endOfDataNanos()).isPositive();
                RecipientResult hard = results.get(0).recipients().get(0);
                assertThat(hard.reply().code()).isEqualTo(550);
                assertThat(hard.reply().enhancedCode()).isEqualTo("5.1.1");
                c.close().get();
            }
            m.release();
            assertThat(sink.stats().messagesAccepted()).isEqualTo(320);
            assertThat(sink.stats().tlsHandshakes()).isEqualTo(2);
            for (ReceivedMessage r : sink.received()) {
                assertThat(new String(r.content(), StandardCharsets.UTF_8)).isEqualTo(BODY);
            }
        }
    }

    @Test
    void implicitTls() throws Exception {
        SinkConfig cfg = SinkConfig.builder().ephemeralPort().selfSignedTls().implicitTls(true).auth("alice", "wonderland")
                .captureLimit(10).build();
        try (SmtpSink sink = SmtpSink.start(cfg)) {
            SmtpConnection c = client.connect(to(sink, TlsMode.IMPLICIT, trust(sink))).get();
            assertThat(c.info().tlsProtocol()).startsWith("TLSv1.");
            MessageContent m = MessageContent.of(BODY.getBytes(StandardCharsets.UTF_8));
            assertThat(sendMany(c, m, List.of("b@y.test")).get(0).count(DeliveryStatus.DELIVERED)).isEqualTo(1);
            m.release();
            c.close().get();
        }
    }

    @Test
    void untrustedCertificateFailsTheHandshakeUnlessTrustAllIsChosen() throws Exception {
        SinkConfig cfg = SinkConfig.builder().ephemeralPort().selfSignedTls().build();
        try (SmtpSink sink = SmtpSink.start(cfg)) {
            ConnectionSettings system = ConnectionSettings.relay("127.0.0.1", sink.port())
                    .withTimeouts(Timeouts.all(Duration.ofSeconds(20)));
            assertThatThrownBy(() -> client.connect(system).join())
                    .cause()
                    .isInstanceOfSatisfying(SessionFailure.class, f -> {
                        assertThat(f.kind()).isEqualTo(SessionFailure.Kind.TLS_FAILED);
                        assertThat(f.getMessage()).contains("--trust");
                    });
            SmtpConnection c = client.connect(system.withTls(TlsMode.STARTTLS, TrustSource.insecureTrustAll())).get();
            assertThat(c.info().tlsProtocol()).isNotNull();
            c.close().get();
        }
    }

    @Test
    void wrongPasswordIsAuthFailed() throws Exception {
        SinkConfig cfg = SinkConfig.builder().ephemeralPort().selfSignedTls().auth("alice", "wonderland").build();
        try (SmtpSink sink = SmtpSink.start(cfg)) {
            ConnectionSettings bad = to(sink, TlsMode.STARTTLS, trust(sink))
                    .withCredentials(Credentials.password("alice", "guess"), false);
            assertThatThrownBy(() -> client.connect(bad).join())
                    .cause()
                    .isInstanceOfSatisfying(SessionFailure.class, f -> assertThat(f.kind()).isEqualTo(SessionFailure.Kind.AUTH_FAILED));
            assertThat(sink.stats().authFailures()).isEqualTo(1);
        }
    }

    @Test
    void a421AfterNMessagesDefersTheRestAndTheConnectionCloses() throws Exception {
        SinkConfig cfg = SinkConfig.builder().ephemeralPort().maxMessagesPerConnection(5).build();
        try (SmtpSink sink = SmtpSink.start(cfg)) {
            ConnectionSettings s = ConnectionSettings.relay("127.0.0.1", sink.port()).withTls(TlsMode.NONE, TrustSource.system())
                    .withTimeouts(Timeouts.all(Duration.ofSeconds(20)));
            SmtpConnection c = client.connect(s).get();
            MessageContent m = MessageContent.of(BODY.getBytes(StandardCharsets.UTF_8));
            List<String> rcpts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                rcpts.add("u" + i + "@y.test");
            }
            List<TransactionResult> results = sendMany(c, m, rcpts);
            m.release();
            int delivered = results.stream().mapToInt(r -> r.count(DeliveryStatus.DELIVERED)).sum();
            int deferred = results.stream().mapToInt(r -> r.count(DeliveryStatus.DEFERRED)).sum();
            assertThat(delivered).isEqualTo(5);
            assertThat(deferred).isEqualTo(5);
            assertThat(c.isOpen()).isFalse();
            assertThat(sink.stats().messagesAccepted()).isEqualTo(5);
        }
    }

    @Test
    void closeRightAfterSendingStillSendsWhatWasQueuedThenQuits() throws Exception {
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            ConnectionSettings s = ConnectionSettings.relay("127.0.0.1", sink.port()).withTls(TlsMode.NONE, TrustSource.system())
                    .withTimeouts(Timeouts.all(Duration.ofSeconds(20)));
            SmtpConnection c = client.connect(s).get();
            MessageContent m = MessageContent.of(BODY.getBytes(StandardCharsets.UTF_8));
            List<CompletableFuture<TransactionResult>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fs.add(c.send(new Transaction(EmailAddress.parse("a@x.test"), List.of(EmailAddress.parse("u" + i + "@y.test")), m)));
            }
            // close() promises QUIT after the queue: transactions still waiting to be written must not be stranded.
            c.close().get(20, java.util.concurrent.TimeUnit.SECONDS);
            for (CompletableFuture<TransactionResult> f : fs) {
                assertThat(f.get().count(DeliveryStatus.DELIVERED)).isEqualTo(1);
            }
            m.release();
            assertThat(sink.stats().messagesAccepted()).isEqualTo(20);
        }
    }
}
