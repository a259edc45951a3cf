package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `salvo suppress` in-process against a real RocksDB directory, and `salvo send --suppression`. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SuppressCommandTest {
    @TempDir
    Path dir;

    private String list() {
        return dir.resolve("suppression").toString();
    }

    @Test
    void addListRemoveAndScopes() {
        CliRun add = CliRun.of("suppress", "add", "--dir", list(), "--detail", "asked by phone", "Bob@Example.com", "carol@example.org");
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).contains("added 2, updated 0 (scope *); the list holds 2");
        CliRun scoped = CliRun.of("suppress", "add", "--dir", list(), "--scope", "News.Example.net", "--reason", "unsubscribe", "dave@example.com");
        assertThat(scoped.out()).contains("scope news.example.net").contains("holds 3");

        CliRun table = CliRun.of("suppress", "list", "--dir", list());
        assertThat(table.out()).contains("ADDRESS").contains("bob@example.com").contains("asked by phone")
                .contains("news.example.net").contains("unsubscribe").contains("3 entries");
        CliRun onlyNews = CliRun.of("suppress", "list", "--dir", list(), "--scope", "news.example.net");
        assertThat(onlyNews.out()).contains("dave@example.com").doesNotContain("bob@example.com").contains("1 entry");

        CliRun remove = CliRun.of("suppress", "remove", "--dir", list(), "bob@example.com", "nobody@example.com");
        assertThat(remove.exitCode()).isEqualTo(ExitCodes.PARTIAL);
        assertThat(remove.out()).contains("removed 1").contains("not on the list in scope *: nobody@example.com");
        assertThat(CliRun.of("suppress", "list", "--dir", list()).out()).doesNotContain("bob@example.com").contains("2 entries");
    }

    @Test
    void badInputChangesNothingAndSaysWhy() {
        CliRun bad = CliRun.of("suppress", "add", "--dir", list(), "ok@example.com", "not an address");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("not an address").contains("nothing was changed");
        assertThat(CliRun.of("suppress", "list", "--dir", list()).out()).contains("0 entries");
        assertThat(CliRun.of("suppress", "add", "--dir", list(), "--reason", "annoyed", "a@b.example").err())
                .contains("--reason must be manual, hard-bounce, complaint or unsubscribe, got 'annoyed'");
        assertThat(CliRun.of("suppress", "add", "--dir", list(), "--scope", "not a domain", "a@b.example").err())
                .contains("--scope must be global or a sending domain");
        assertThat(CliRun.of("suppress", "add", "a@b.example").err()).contains("--dir");
        assertThat(CliRun.of("suppress", "--help").out()).contains("add").contains("remove").contains("list").contains("import").contains("export");
        assertThat(CliRun.of("suppress", "import", "--help").out()).contains("address,scope,reason,detail,since");
    }

    @Test
    void exportThenImportIntoAnotherListRoundTripsAndBadLinesAreNamed() throws Exception {
        CliRun.of("suppress", "add", "--dir", list(), "--reason", "hard-bounce", "--detail", "550 5.1.1 \"no\", gone", "x@example.com");
        CliRun.of("suppress", "add", "--dir", list(), "--scope", "news.example.net", "y@example.com");
        Path csv = dir.resolve("out.csv");
        CliRun export = CliRun.of("suppress", "export", "--dir", list(), "--out", csv.toString());
        assertThat(export.err()).contains("exported 2 entries");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("address,scope,reason,detail,since");
        assertThat(lines).anyMatch(l -> l.startsWith("x@example.com,*,hard-bounce,\"550 5.1.1 \"\"no\"\", gone\","));
        assertThat(CliRun.of("suppress", "export", "--dir", list()).out()).contains("y@example.com,news.example.net,manual,");

        Files.writeString(csv, String.join("\n", lines) + "\nbroken address,,,,\nz@example.com,,complaint,,\nw@example.com,,,,yesterday\n",
                StandardCharsets.UTF_8);
        String other = dir.resolve("other").toString();
        CliRun imported = CliRun.of("suppress", "import", "--dir", other, csv.toString());
        assertThat(imported.exitCode()).isEqualTo(ExitCodes.PARTIAL);
        assertThat(imported.out()).contains("imported 3 (3 new, 0 updated), 2 bad lines skipped; the list holds 3");
        assertThat(imported.err()).contains("line 4: ").contains("line 6: since must be an ISO-8601 UTC time");
        CliRun table = CliRun.of("suppress", "list", "--dir", other);
        assertThat(table.out()).contains("550 5.1.1 \"no\", gone").contains("hard-bounce").contains("complaint");
        assertThat(CliRun.of("suppress", "export", "--dir", other).out()).contains("x@example.com,*,hard-bounce,")
                .contains("y@example.com,news.example.net,manual,").contains("z@example.com,*,complaint,");
    }

    @Test
    void aCampaignSkipsSuppressedRecipientsAndRecordsItsHardBounces() throws Exception {
        CliRun.of("suppress", "add", "--dir", list(), "--reason", "unsubscribe", "gone@d1.test");
        Path template = Files.writeString(dir.resolve("t.eml"), "From: news@salvo.test\r\nTo: {{email}}\r\nSubject: hi\r\n\r\nHello\r\n");
        Path csv = Files.writeString(dir.resolve("r.csv"), "email\nreader1@d1.test\ngone@d1.test\nbounce-hard-1@d2.test\n");
        Path events = dir.resolve("events.jsonl");
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            Path config = CliRun.testModeConfig(dir.resolve("c.yaml"), sink.port(), "");
            CliRun run = CliRun.of("send", "--quiet", "--template", template.toString(), "--recipients", csv.toString(),
                    "--from", "news@salvo.test", "--config", config.toString(), "--events", events.toString(),
                    "--suppression", list());
            assertThat(run.out()).as(run.err()).contains("delivered 1").contains("bounced 1")
                    .contains("suppressed 1 (on the suppression list; not sent)")
                    .contains("by reply class").contains("invalid-recipient bounced");
            assertThat(sink.stats().recipientsAccepted() + sink.stats().recipientsRejected()).isEqualTo(2);
        }
        String log = Files.readString(events);
        assertThat(log).contains("\"event\":\"suppressed\",\"message_id\":").contains("\"recipient\":\"gone@d1.test\"")
                .contains("\"class\":\"invalid-recipient\"");
        // The hard bounce is now on the list, so the next run skips it too.
        assertThat(CliRun.of("suppress", "list", "--dir", list()).out()).contains("bounce-hard-1@d2.test").contains("hard-bounce")
                .contains("550 5.1.1");
    }
}
