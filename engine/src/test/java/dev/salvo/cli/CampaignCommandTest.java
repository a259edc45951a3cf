package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `salvo send --template`: a campaign through the engine, against Salvo's sink in test mode. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CampaignCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** A fresh Ed25519 private key as PKCS#8 PEM. */
    private Path ed25519Key(String name) throws Exception {
        byte[] der = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded();
        return write(name, "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n");
    }

    private Path template() throws Exception {
        return write("t.eml", "From: News <news@salvo.test>\r\nTo: {{name}} <{{email}}>\r\nSubject: Hi {{name}}\r\n\r\nHello {{name}}\r\n");
    }

    private Path config(int port) throws Exception {
        return CliRun.testModeConfig(dir.resolve("c.yaml"), port, "");
    }

    @Test
    void campaignThroughTheEngineAccountsForEveryRecipient() throws Exception {
        StringBuilder csv = new StringBuilder("email,name\n");
        for (int i = 0; i < 300; i++) {
            csv.append(i % 30 == 0 ? "bounce-hard-" + i : "reader" + i).append("@d").append(i % 12).append(".test,Reader ").append(i).append('\n');
        }
        csv.append("broken-row-without-at,Nobody\n");
        Path list = write("list.csv", csv.toString());
        Path events = dir.resolve("events.jsonl");
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().captureLimit(1000).build())) {
            CliRun run = CliRun.of("send", "--quiet", "--template", template().toString(), "--recipients", list.toString(),
                    "--from", "news@salvo.test", "--config", config(sink.port()).toString(), "--campaign", "c42",
                    "--events", events.toString(), "--max-age", "5s");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.PARTIAL);
            assertThat(run.out()).contains("delivered 290").contains("bounced 10").contains("rejected 1")
                    .contains("550 5.1.1 bounced").contains("× 10");
            assertThat(run.err()).contains("line 302");
            assertThat(sink.stats().messagesAccepted()).isEqualTo(290);
            String body = new String(sink.received().get(0).content(), StandardCharsets.UTF_8);
            assertThat(body).contains("Subject: Hi Reader ").contains("Message-ID: <c42.").contains("Date: ");
        }
        List<String> lines = Files.readAllLines(events);
        assertThat(lines).hasSize(301);
        assertThat(lines.stream().filter(l -> l.contains("\"event\":\"delivered\""))).hasSize(290);
        assertThat(lines.stream().filter(l -> l.contains("\"event\":\"rejected\""))).hasSize(1);
    }

    /**
     * A relay given on the command line keeps its connections: the MX defaults' recycling every
     * 1,000 messages under a 60-a-minute cap on new connections stalled a 100,000-row campaign.
     */
    @Test
    void aRelayCampaignKeepsItsConnectionPastTheMxRecyclingLimit() throws Exception {
        StringBuilder csv = new StringBuilder("email,name\n");
        for (int i = 0; i < 2500; i++) {
            csv.append("reader").append(i).append("@example.test,Reader ").append(i).append('\n');
        }
        Path list = write("many.csv", csv.toString());
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            CliRun run = CliRun.of("send", "--quiet", "--template", template().toString(), "--recipients", list.toString(),
                    "--from", "news@salvo.test", "--relay", "127.0.0.1:" + sink.port(), "--tls", "none",
                    "--connections", "1");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
            assertThat(sink.stats().messagesAccepted()).isEqualTo(2500);
            assertThat(sink.stats().connectionsAccepted()).isEqualTo(1);
        }
    }

    @Test
    void dkimSignsEveryCampaignMessageAndABadKeyStopsBeforeSending() throws Exception {
        Path key = ed25519Key("ed.pem");
        Path bad = write("bad.pem", "not a key\n");
        Path list = write("list.csv", "email,name\na@x.test,Ann\nb@x.test,Bob\n");
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().captureLimit(10).build())) {
            String cfg = config(sink.port()).toString();
            CliRun ok = CliRun.of("send", "--quiet", "--template", template().toString(), "--recipients", list.toString(),
                    "--from", "news@salvo.test", "--config", cfg, "--dkim-key", key.toString(), "--dkim-domain", "salvo.test",
                    "--dkim-selector", "s1", "--unsubscribe-url", "https://salvo.test/u?e={{email}}");
            assertThat(ok.exitCode()).as(ok.err()).isEqualTo(ExitCodes.OK);
            // Unfolded, so the h= tag reads as one line.
            assertThat(sink.received()).hasSize(2).allSatisfy(m -> assertThat(new String(m.content(), StandardCharsets.UTF_8)
                    .replace("\r\n ", " "))
                    .startsWith("DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed; d=salvo.test; s=s1;")
                    // RFC 8058 §4: both unsubscribe headers are covered by the signature.
                    .containsPattern("h=[^;]*List-Unsubscribe: ?List-Unsubscribe-Post")
                    .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
            CliRun no = CliRun.of("send", "--template", template().toString(), "--recipients", list.toString(),
                    "--from", "news@salvo.test", "--config", cfg, "--dkim-key", bad.toString(), "--dkim-domain", "salvo.test",
                    "--dkim-selector", "s1");
            assertThat(no.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(no.err()).contains("bad.pem");
            assertThat(sink.stats().messagesAccepted()).isEqualTo(2);
        }
    }

    @Test
    void oneClickUnsubscribeHeadersAreRenderedPerRecipientAndAlignmentIsChecked() throws Exception {
        Path key = ed25519Key("ed2.pem");
        Path list = write("list.csv", "email,name\na@x.test,Ann\n");
        Path out = dir.resolve("unsub");
        CliRun run = CliRun.of("send", "--template", template().toString(), "--recipients", list.toString(),
                "--from", "bounces@other.test", "--relay", "127.0.0.1:9", "--tls", "none", "--dkim-key", key.toString(),
                "--dkim-domain", "mail.example.test", "--dkim-selector", "s1",
                "--unsubscribe-url", "https://example.test/u?e={{email}}", "--unsubscribe-mailto", "unsub@example.test",
                "--dry-run", "1", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        // From is news@salvo.test: aligned with neither bounces@other.test nor d=mail.example.test.
        assertThat(run.err()).contains("warning").contains("salvo.test").contains("DMARC");
        String m = Files.readString(out.resolve("0001.eml"));
        assertThat(m).contains("List-Unsubscribe: <https://example.test/u?e=a@x.test>, <mailto:unsub@example.test>")
                .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
        CliRun http = CliRun.of("send", "--template", template().toString(), "--recipients", list.toString(),
                "--from", "news@salvo.test", "--relay", "127.0.0.1:9", "--tls", "none",
                "--unsubscribe-url", "http://example.test/u", "--dry-run", "1", out.toString());
        assertThat(http.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(http.err()).contains("https://");
    }

    @Test
    void dkimKeysFromTheConfigFileSignWithTheirCanonicalisation() throws Exception {
        ed25519Key("cfg-ed.pem");
        Path list = write("list.csv", "email,name\na@x.test,Ann\n");
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().captureLimit(10).build())) {
            Path cfg = CliRun.testModeConfig(dir.resolve("dkim.yaml"), sink.port(), """
                    dkim:
                      canonicalization: simple
                      keys:
                        - {domain: salvo.test, selector: ed1, key: cfg-ed.pem}
                    """);
            CliRun run = CliRun.of("send", "--quiet", "--template", template().toString(), "--recipients", list.toString(),
                    "--from", "news@salvo.test", "--config", cfg.toString());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
            assertThat(new String(sink.received().get(0).content(), StandardCharsets.UTF_8))
                    .startsWith("DKIM-Signature: v=1; a=ed25519-sha256; c=simple/simple; d=salvo.test; s=ed1;");
            Path bad = write("dkim-bad.yaml", "dkim:\n  keys:\n    - {domain: salvo.test, selector: ed1, key: missing.pem}\n");
            CliRun no = CliRun.of("send", "--template", template().toString(), "--recipients", list.toString(),
                    "--from", "news@salvo.test", "--config", bad.toString());
            assertThat(no.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(no.err()).contains("dkim-bad.yaml:3").contains("missing.pem");
        }
    }

    @Test
    void dryRunRendersAndSendsNothing() throws Exception {
        Path list = write("list.csv", "email,name\na@x.test,Ann\nb@x.test,Bob\n");
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("send", "--template", template().toString(), "--recipients", list.toString(),
                "--from", "news@salvo.test", "--relay", "127.0.0.1:9", "--tls", "none", "--dry-run", "5", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.count()).isEqualTo(2);
        }
        assertThat(Files.readString(out.resolve("0002.eml"))).contains("To: Bob <b@x.test>");
    }

    @Test
    void badCampaignInputIsAClearErrorAndSendsNothing() throws Exception {
        Path noEmail = write("noemail.csv", "address,name\na@x.test,Ann\n");
        Path list = write("list.csv", "email,name\na@x.test,Ann\n");
        Path unknown = write("u.eml", "From: n@salvo.test\r\nSubject: {{nmae}}\r\n\r\nx\r\n");
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            String cfg = config(sink.port()).toString();
            CliRun a = CliRun.of("send", "--template", template().toString(), "--recipients", noEmail.toString(),
                    "--from", "n@salvo.test", "--config", cfg);
            assertThat(a.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(a.err()).contains("email").contains("address");
            CliRun b = CliRun.of("send", "--template", unknown.toString(), "--recipients", list.toString(),
                    "--from", "n@salvo.test", "--config", cfg);
            assertThat(b.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(b.err()).contains("{{nmae}}");
            CliRun c = CliRun.of("send", "--template", template().toString(), "--recipients", list.toString(),
                    "--from", "n@salvo.test");
            assertThat(c.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(c.err()).contains("--relay HOST:PORT, or --config");
            CliRun d = CliRun.of("send", "--template", template().toString(), "--recipients", list.toString(),
                    "--from", "n@salvo.test", "--config", cfg, "--max-age", "soon");
            assertThat(d.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(d.err()).contains("--max-age");
            assertThat(sink.stats().connectionsAccepted()).isZero();
        }
    }
}
