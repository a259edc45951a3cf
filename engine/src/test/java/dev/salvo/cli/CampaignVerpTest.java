package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.bounce.verp.VerpCodec;
import dev.salvo.bounce.verp.VerpResult;
import dev.salvo.bounce.verp.VerpSecrets;
import dev.salvo.smtp.server.ReceivedMessage;
import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `salvo send --template` with VERP: each recipient gets its own signed return path. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CampaignVerpTest {
    static final String SECRET = "campaign-verp-secret-0123456789";
    static final String LONG = "a.rather.long.local.part.that.cannot.fit@some.subdomain.of.d1.test";
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Path config(int port, String extra) throws Exception {
        return CliRun.testModeConfig(dir.resolve("c.yaml"), port, extra);
    }

    private void assertEachReturnPathNamesItsRecipient(SmtpSink sink, String prefix) {
        VerpCodec verp = new VerpCodec(prefix, "bounce.salvo.test", VerpSecrets.of(SECRET));
        assertThat(sink.received()).hasSize(3).allSatisfy((ReceivedMessage m) -> {
            assertThat(m.mailFrom()).startsWith(prefix + "+").endsWith("@bounce.salvo.test");
            assertThat(m.mailFrom().substring(0, m.mailFrom().indexOf('@')).length()).isLessThanOrEqualTo(64);
            VerpResult r = verp.decode(m.mailFrom());
            assertThat(r.ok()).as(m.mailFrom()).isTrue();
            assertThat(r.token().names(m.recipients().get(0))).isTrue();
            assertThat(r.token().ref()).matches("[0-9a-z]+\\.c7");
        });
    }

    @Test
    void verpFlagsGiveEachRecipientASignedReturnPath() throws Exception {
        Path secret = write("verp.key", SECRET + "\n");
        Path list = write("list.csv", "email,name\nann@d1.test,Ann\nbob@d2.test,Bob\n" + LONG + ",Long\n");
        Path template = write("t.eml", "From: News <news@salvo.test>\r\nTo: <{{email}}>\r\nSubject: Hi {{name}}\r\n\r\nHello\r\n");
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().captureLimit(10).build())) {
            CliRun run = CliRun.of("send", "--quiet", "--template", template.toString(), "--recipients", list.toString(),
                    "--from", "news@salvo.test", "--config", config(sink.port(), "").toString(), "--campaign", "c7",
                    "--verp-domain", "bounce.salvo.test", "--verp-secret-file", secret.toString());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
            assertThat(run.out() + run.err()).doesNotContain(SECRET);
            assertEachReturnPathNamesItsRecipient(sink, "bounces");
        }
    }

    @Test
    void verpSectionOfTheConfigAndItsErrors() throws Exception {
        write("verp.key", SECRET + "\n");
        Path list = write("list.csv", "email,name\nann@d1.test,Ann\nbob@d2.test,Bob\n" + LONG + ",Long\n");
        Path template = write("t.eml", "From: News <news@salvo.test>\r\nTo: <{{email}}>\r\nSubject: Hi {{name}}\r\n\r\nHello\r\n");
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().captureLimit(10).build())) {
            Path cfg = config(sink.port(), "verp:\n  domain: bounce.salvo.test\n  prefix: rp\n  secret_file: verp.key\n");
            CliRun run = CliRun.of("send", "--quiet", "--template", template.toString(), "--recipients", list.toString(),
                    "--from", "news@salvo.test", "--config", cfg.toString(), "--campaign", "c7");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
            assertEachReturnPathNamesItsRecipient(sink, "rp");

            Path noSecret = config(sink.port(), "verp:\n  domain: bounce.salvo.test\n  secret_file: missing.key\n");
            CliRun bad = CliRun.of("send", "--quiet", "--template", template.toString(), "--recipients", list.toString(),
                    "--from", "news@salvo.test", "--config", noSecret.toString());
            assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(bad.err()).contains("c.yaml:8:16").contains("cannot read the VERP secret file");
            write("short.key", "tooshort\n");
            CliRun shortKey = CliRun.of("send", "--quiet", "--template", template.toString(), "--recipients", list.toString(),
                    "--from", "news@salvo.test", "--config", config(sink.port(), "").toString(),
                    "--verp-domain", "bounce.salvo.test", "--verp-secret-file", dir.resolve("short.key").toString());
            assertThat(shortKey.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(shortKey.err()).contains("at least 16").doesNotContain("tooshort");
            assertThat(sink.received()).hasSize(3); // nothing more was sent by the failed runs
        }
    }
}
