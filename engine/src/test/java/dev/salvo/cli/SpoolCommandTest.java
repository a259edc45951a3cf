package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.api.EngineOptions;
import dev.salvo.api.SalvoEngine;
import dev.salvo.api.SubmitResult;
import dev.salvo.api.Submission;
import dev.salvo.config.ConfigLoader;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.DsnOptions;
import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import dev.salvo.spool.Durability;
import dev.salvo.spool.Spool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `salvo send --spool`, and `salvo spool stats|purge`. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpoolCommandTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Path config(int port) throws Exception {
        return CliRun.testModeConfig(dir.resolve("c.yaml"), port, "");
    }

    @Test
    void aCampaignRunAgainWithTheSameIdAndSpoolSendsNoSecondCopy() throws Exception {
        StringBuilder csv = new StringBuilder("email,name\n");
        for (int i = 0; i < 200; i++) {
            csv.append("reader").append(i).append("@d").append(i % 5).append(".test,Reader ").append(i).append('\n');
        }
        Path list = write("list.csv", csv.toString());
        Path template = write("t.eml", "From: news@salvo.test\r\nTo: {{email}}\r\nSubject: Hi {{name}}\r\n\r\nHello\r\n");
        Path spool = dir.resolve("spool");
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            String[] args = {"send", "--quiet", "--template", template.toString(), "--recipients", list.toString(), "--from",
                "news@salvo.test", "--config", config(sink.port()).toString(), "--campaign", "spring", "--spool", spool.toString()};
            CliRun first = CliRun.of(args);
            assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCodes.OK);
            assertThat(first.out()).contains("delivered 200");
            assertThat(sink.stats().recipientsAccepted()).isEqualTo(200);

            CliRun again = CliRun.of(args);
            assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCodes.OK);
            assertThat(again.err()).contains("an earlier run took the first 200 rows");
            assertThat(sink.stats().recipientsAccepted()).as("no second copy").isEqualTo(200);

            CliRun stats = CliRun.of("spool", "stats", "--spool", spool.toString());
            assertThat(stats.exitCode()).as(stats.err()).isZero();
            assertThat(stats.out()).contains("0 recipients pending");
        }
    }

    @Test
    void statsShowWhatIsPendingAndPurgeRemovesItWithAnEventEach() throws Exception {
        Path spool = dir.resolve("spool");
        MessageContent content = MessageContent.of("From: a@salvo.test\r\nSubject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
        // Recipients the server keeps deferring stay in the spool when the engine stops.
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build());
                SalvoEngine engine = SalvoEngine.start(EngineOptions.of(ConfigLoader.load(config(sink.port())))
                        .withSpool(Spool.open(spool, Durability.SYNC)))) {
            EmailAddress from = EmailAddress.parse("a@salvo.test");
            List<EmailAddress> spring = List.of(EmailAddress.parse("bounce-soft-1@a.test"), EmailAddress.parse("bounce-soft-2@b.test"));
            List<EmailAddress> autumn = List.of(EmailAddress.parse("bounce-soft-3@b.test"));
            SubmitResult r1 = engine.submit(new Submission(from, spring, content, "spring", DsnOptions.NONE));
            SubmitResult r2 = engine.submit(new Submission(from, autumn, content, "autumn", DsnOptions.NONE));
            r1.stored().toCompletableFuture().get(10, TimeUnit.SECONDS);
            r2.stored().toCompletableFuture().get(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (engine.stats().deferred() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(engine.stats().deferred()).isEqualTo(3);
        } finally {
            content.release();
        }
        CliRun stats = CliRun.of("spool", "stats", "--spool", spool.toString());
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("3 recipients pending in 2 messages").containsPattern("spring\\s+2").containsPattern("autumn\\s+1")
                .containsPattern("b.test\\s+2").containsPattern("deferred\\s+3");

        Path events = dir.resolve("purge.jsonl");
        CliRun purge = CliRun.of("spool", "purge", "--spool", spool.toString(), "--campaign", "spring", "--events", events.toString());
        assertThat(purge.exitCode()).as(purge.err()).isZero();
        assertThat(purge.out()).contains("purged 2 recipients (campaign spring)");
        assertThat(Files.readAllLines(events)).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"event\":\"expired\"")
                .contains("purged from the spool by an operator (campaign spring)"));

        CliRun byDomain = CliRun.of("spool", "purge", "--spool", spool.toString(), "--destination", "B.test");
        assertThat(byDomain.out()).contains("purged 1 recipients (destination B.test)");
        assertThat(CliRun.of("spool", "stats", "--spool", spool.toString()).out()).contains("0 recipients pending");

        CliRun neither = CliRun.of("spool", "purge", "--spool", spool.toString());
        assertThat(neither.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of("spool", "stats", "--spool", dir.resolve("nope").toString()).err()).contains("no such directory");
    }
}
