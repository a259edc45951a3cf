package dev.salvo.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** STARTTLS (RFC 3207), implicit TLS (RFC 8314) and AUTH (RFC 4954). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SinkTlsAndAuthTest {
    private SmtpSink sink;

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.close();
        }
    }

    private SmtpSink start(SinkConfig.Builder config) throws Exception {
        sink = SmtpSink.start(config.ephemeralPort().captureLimit(10).build());
        return sink;
    }

    private static SinkConfig.Builder tlsWithAuth() {
        return SinkConfig.builder().selfSignedTls().auth("user", "secret");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void startTlsChangesTheAdvertisedKeywords() throws Exception {
        start(tlsWithAuth());
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.reply();
            String before = c.command("EHLO c");
            assertThat(before).contains("STARTTLS\r\n").doesNotContain("AUTH");
            assertThat(c.command("AUTH PLAIN " + b64("\0user\0secret"))).startsWith("538 5.7.11");
            assertThat(c.command("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS\r\n");
            c.startTls(sink);
            // RFC 3207 §4.2: the EHLO state is forgotten.
            assertThat(c.command("MAIL FROM:<b@example.com>")).startsWith("503 5.5.1");
            String after = c.command("EHLO c");
            assertThat(after).contains("AUTH PLAIN LOGIN\r\n").doesNotContain("STARTTLS");
            assertThat(c.command("STARTTLS")).startsWith("503 5.5.1");
        }
        assertThat(sink.stats().tlsHandshakes()).isEqualTo(1);
    }

    @Test
    void commandsPipelinedAfterStartTlsAreDiscarded() throws Exception {
        start(tlsWithAuth());
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.greetAndEhlo();
            // CVE-2011-0411: the RSET was sent in the clear after STARTTLS, so it must never be answered.
            c.send("STARTTLS\r\nRSET\r\n");
            assertThat(c.reply()).isEqualTo("220 2.0.0 Ready to start TLS\r\n");
            c.startTls(sink); // would fail if a clear-text reply to RSET came before the ServerHello
            assertThat(c.command("EHLO c")).startsWith("250-localhost");
            assertThat(c.command("RSET")).isEqualTo("250 2.0.0 OK\r\n");
            assertThat(c.command("QUIT")).startsWith("221 ");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void implicitTlsGreetsInsideTls() throws Exception {
        start(tlsWithAuth().implicitTls(true));
        try (SmtpTestClient c = SmtpTestClient.connectImplicitTls(sink)) {
            assertThat(c.reply()).startsWith("220 localhost");
            assertThat(c.command("EHLO c")).contains("AUTH PLAIN LOGIN").doesNotContain("STARTTLS");
            assertThat(c.command("AUTH PLAIN " + b64("\0user\0secret"))).isEqualTo("235 2.7.0 Authentication successful\r\n");
        }
        assertThat(sink.stats().tlsHandshakes()).isEqualTo(1);
    }

    @Test
    void authPlainAndLoginSucceedAndFail() throws Exception {
        start(tlsWithAuth().allowPlaintextAuth(true));
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.reply();
            assertThat(c.command("EHLO c")).contains("AUTH PLAIN LOGIN");
            assertThat(c.command("AUTH PLAIN " + b64("\0user\0wrong"))).isEqualTo("535 5.7.8 Authentication credentials invalid\r\n");
            assertThat(c.command("AUTH PLAIN")).isEqualTo("334 \r\n");
            assertThat(c.command("*")).startsWith("501 5.0.0");
            assertThat(c.command("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6\r\n");
            assertThat(c.command(b64("user"))).isEqualTo("334 UGFzc3dvcmQ6\r\n");
            assertThat(c.command(b64("nope"))).startsWith("535 5.7.8");
            assertThat(c.command("AUTH CRAM-MD5")).startsWith("504 5.5.4");
            assertThat(c.command("AUTH LOGIN " + b64("user"))).startsWith("334 UGFzc3dvcmQ6");
            assertThat(c.command(b64("secret"))).startsWith("235 2.7.0");
            assertThat(c.command("AUTH PLAIN " + b64("\0user\0secret"))).startsWith("503 5.5.1");
        }
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.greetAndEhlo();
            assertThat(c.command("AUTH PLAIN")).startsWith("334 ");
            assertThat(c.command(b64("authz\0user\0secret"))).startsWith("235 2.7.0");
        }
        assertThat(sink.stats().authSuccesses()).isEqualTo(2);
        assertThat(sink.stats().authFailures()).isEqualTo(2);
    }

    @Test
    void requiredAuthRefusesMailUntilAuthenticated() throws Exception {
        start(tlsWithAuth().allowPlaintextAuth(true).requireAuth(true));
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.greetAndEhlo();
            assertThat(c.command("MAIL FROM:<b@example.com>")).isEqualTo("530 5.7.0 Authentication required\r\n");
            c.command("AUTH PLAIN " + b64("\0user\0secret"));
            assertThat(c.command("MAIL FROM:<b@example.com>")).startsWith("250 2.1.0");
        }
    }

    @Test
    void certificateAndKeyFromPemFiles(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        LocalhostCertificate generated = LocalhostCertificate.generate();
        java.util.Base64.Encoder mime = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'});
        java.nio.file.Path cert = dir.resolve("cert.pem");
        java.nio.file.Path key = dir.resolve("key.pem");
        java.nio.file.Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n"
                + mime.encodeToString(generated.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n");
        java.nio.file.Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + mime.encodeToString(generated.keyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        start(SinkConfig.builder().pemTls(cert, key));
        assertThat(sink.trustCertificatePem()).isEqualTo(java.nio.file.Files.readString(cert));
        try (SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.greetAndEhlo();
            assertThat(c.command("STARTTLS")).startsWith("220 ");
            c.startTls(sink);
            assertThat(c.command("EHLO c")).startsWith("250-localhost");
        }
    }
}
