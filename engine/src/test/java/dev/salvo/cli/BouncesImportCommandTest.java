package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.bounce.MboxReader;
import dev.salvo.bounce.verp.VerpCodec;
import dev.salvo.bounce.verp.VerpSecrets;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `salvo bounces import`: an mbox of reports, offline. */
class BouncesImportCommandTest {
    static final String SECRET = "import-test-secret-0123456789abcdef";
    @TempDir
    Path dir;

    static String sample(String name) throws Exception {
        try (InputStream in = BouncesImportCommandTest.class.getResourceAsStream("/bounce/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anMboxOfReportsIsMatchedSummarisedAndTheBadOnesSetAside() throws Exception {
        VerpCodec verp = new VerpCodec("bounces", "bounce.example.com", VerpSecrets.of(SECRET));
        Path secret = Files.writeString(dir.resolve("verp.key"), "# current\n" + SECRET + "\n");
        String postfix = "Delivered-To: " + verp.encode("1.x", "nobody-here@example.org") + "\n" + sample("postfix.eml");
        // qmail's bounce with a body line that starts with "From " (quoted in the mbox as ">From ").
        String qmail = "Delivered-To: " + verp.encode("2.x", "sam@example.com") + "\n"
                + sample("qmail.eml").replace("Hello.", "From the archive: hello.");
        String forged = "Delivered-To: bounces+aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@bounce.example.com\n" + sample("exim.eml");
        String mbox = "From MAILER-DAEMON Sat Nov 28 12:00:00 2026\n" + postfix + "\n"
                + "From MAILER-DAEMON Sat Nov 28 12:40:00 2026\n" + qmail.replace("\nFrom the archive", "\n>From the archive") + "\n"
                + "From MAILER-DAEMON Sat Nov 28 13:00:00 2026\n" + sample("not-a-bounce.eml") + "\n"
                + "From MAILER-DAEMON Sat Nov 28 13:10:00 2026\n" + forged + "\n";
        Path file = Files.writeString(dir.resolve("bounces.mbox"), mbox);

        List<byte[]> split = new ArrayList<>();
        assertThat(MboxReader.forEach(file, split::add)).isEqualTo(4);
        assertThat(new String(split.get(1), StandardCharsets.UTF_8)).contains("\nFrom the archive: hello.").doesNotContain(">From");

        Path events = dir.resolve("events.jsonl");
        Path aside = dir.resolve("aside");
        CliRun run = CliRun.of("bounces", "import", "--bounce-domain", "bounce.example.com", "--verp-secret-file", secret.toString(),
                "--events", events.toString(), "--set-aside", aside.toString(), file.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.PARTIAL);
        assertThat(run.out()).contains("4 reports: 2 matched, 0 unmatched, 1 malformed, 1 forged")
                .contains("bounces.mbox#1 bounced   nobody-here@example.org 5.1.1 rfc3464 verp +suppressed")
                .contains("bounces.mbox#2 bounced   sam@example.com 5.1.1 qmail verp +suppressed")
                .contains("suppressed 2");
        List<String> lines = Files.readAllLines(events);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"event\":\"bounced\"").contains("\"recipient\":\"nobody-here@example.org\"")
                .contains("\"message_id\":\"2026-11.42.k3j2@news.example.com\"").contains("\"report\":\"dsn\"");
        try (var s = Files.list(aside)) {
            assertThat(s.filter(p -> p.toString().endsWith(".reason")).count()).isEqualTo(2);
        }
        assertThat(run.out()).doesNotContain(SECRET);
    }

    @Test
    void aShortSecretOrAMissingFileIsAPlainError() throws Exception {
        Path secret = Files.writeString(dir.resolve("verp.key"), "short\n");
        Path eml = Files.writeString(dir.resolve("one.eml"), sample("postfix.eml"));
        CliRun run = CliRun.of("bounces", "import", "--bounce-domain", "bounce.example.com", "--verp-secret-file", secret.toString(),
                "--set-aside", dir.resolve("a").toString(), eml.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("line 1").contains("at least 16").doesNotContain("short\n");
        CliRun missing = CliRun.of("bounces", "import", "--bounce-domain", "bounce.example.com", dir.resolve("nope.mbox").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("cannot read").contains("nope.mbox");
    }

    @Test
    void helpNamesTheFlags() {
        CliRun run = CliRun.of("serve", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--bounce-domain").contains("--verp-secret-file").contains("--set-aside").contains("--listen");
    }
}
