package dev.salvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.smtp.server.ReceivedMessage;
import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `salvo send --template --spool` as a separate process, SIGKILLed twice at random points and run
 * again with the same command: every row of the list arrives, and a row arrives twice only if the
 * resuming run reported it as found in flight.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CampaignResumeCrashTest {
    private static final int ROWS = 1000;

    @TempDir
    Path dir;

    @Test
    void aCampaignKilledAndRunAgainReachesEveryRowOnce() throws Exception {
        StringBuilder csv = new StringBuilder("email,name\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("reader").append(i).append("@d").append(i % 9).append(".test,Reader ").append(i).append('\n');
        }
        Path list = Files.writeString(dir.resolve("list.csv"), csv.toString());
        Path template = Files.writeString(dir.resolve("t.eml"), "From: news@salvo.test\r\nTo: {{email}}\r\nSubject: Hi {{name}}\r\n\r\nHello\r\n");
        Random random = new Random(7);
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().captureLimit(3 * ROWS).latencyMs(3).build())) {
            Path config = CliRun.testModeConfig(dir.resolve("c.yaml"), sink.port(), "");
            String log = "";
            for (int run = 0; ; run++) {
                Process p = start(list, template, config, run);
                if (run < 2) {
                    // Kill once some rows have gone out, at a random point after that.
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    int target = sink.received().size() + 50 + random.nextInt(300);
                    while (p.isAlive() && sink.received().size() < target && System.nanoTime() < deadline) {
                        Thread.sleep(2);
                    }
                    Thread.sleep(random.nextInt(100));
                    p.destroyForcibly();
                    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
                } else {
                    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                    log = Files.readString(dir.resolve("run-" + run + ".err"));
                    assertThat(p.exitValue()).as(log).isEqualTo(ExitCodes.OK);
                    break;
                }
            }
            Map<String, Integer> received = new HashMap<>();
            Map<String, java.util.Set<String>> messageIds = new HashMap<>();
            java.util.regex.Pattern mid = java.util.regex.Pattern.compile("(?m)^Message-ID: (\\S+)");
            for (ReceivedMessage m : sink.received()) {
                java.util.regex.Matcher id = mid.matcher(new String(m.content(), StandardCharsets.UTF_8));
                assertThat(id.find()).isTrue();
                for (String r : m.recipients()) {
                    received.merge(r, 1, Integer::sum);
                    messageIds.computeIfAbsent(r, k -> new java.util.HashSet<>()).add(id.group(1));
                }
            }
            // A recipient sent again after a restart gets the same message: rendered again from the stored
            // template, fields and Message-ID salt.
            assertThat(messageIds.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
            assertThat(received).hasSize(ROWS);
            long twice = received.values().stream().mapToLong(n -> n - 1).sum();
            long reported = 0;
            for (int run = 1; run <= 2; run++) {
                String err = Files.readString(dir.resolve("run-" + run + ".err"));
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(([\\d,]+) found in flight").matcher(err);
                if (m.find()) {
                    reported += Long.parseLong(m.group(1).replace(",", ""));
                }
            }
            assertThat(twice).as("received twice vs reported in flight").isLessThanOrEqualTo(reported);
            CliRun stats = CliRun.of("spool", "stats", "--spool", dir.resolve("spool").toString());
            assertThat(stats.out()).as("finished: nothing pending, the template gone").contains("0 recipients pending in 0 messages");
            System.out.printf("campaign crash: %d rows, %d received twice, %d reported in flight%n", ROWS, twice, reported);
        }
    }

    private Process start(Path list, Path template, Path config, int run) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SalvoCli.class.getName(), "send", "--quiet",
                "--template", template.toString(), "--recipients", list.toString(), "--from", "news@salvo.test",
                "--config", config.toString(), "--campaign", "resume-test", "--spool", dir.resolve("spool").toString(),
                "--connections", "2")
                .redirectError(dir.resolve("run-" + run + ".err").toFile())
                .redirectOutput(dir.resolve("run-" + run + ".out").toFile())
                .start();
    }
}
