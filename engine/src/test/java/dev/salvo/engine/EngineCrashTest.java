package dev.salvo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.smtp.server.ReceivedMessage;
import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine as a separate process, sending a campaign to Salvo's sink with a SYNC spool, killed
 * with SIGKILL at random moments and started again until it finishes. Nothing acknowledged may be
 * missing from the sink or the events; duplicates may come only from recipients the restarted
 * engine reported as found in flight.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EngineCrashTest {
    private static final int RECIPIENTS = 1500;
    private static final int KILLS = 3;
    private static final Pattern EVENT = Pattern.compile("\"event\":\"(\\w+)\".*\"recipient\":\"([^\"]+)\"");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void killedAtRandomMomentsItLosesNothingAcknowledged(long seed) throws Exception {
        Random random = new Random(seed);
        Path spool = dir.resolve("spool");
        Path events = dir.resolve("events.jsonl");
        Path acks = dir.resolve("acks");
        Path runs = dir.resolve("runs");
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().captureLimit(10 * RECIPIENTS).latencyMs(2).build())) {
            for (int run = 0; ; run++) {
                Process child = start(spool, events, acks, runs, sink.port(), run == 0 ? RECIPIENTS : 0, run);
                if (run < KILLS) {
                    // Somewhere between start-up, intake, sending and the end.
                    if (run == 0) {
                        // The first run dies somewhere in its intake, once a random part of the campaign is acknowledged.
                        waitForAcks(acks, 10 + random.nextInt(RECIPIENTS - 10), child);
                        Thread.sleep(random.nextInt(30));
                    } else {
                        Thread.sleep(500 + random.nextInt(1500));
                    }
                    child.destroyForcibly();
                    assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
                } else {
                    assertThat(child.waitFor(40, TimeUnit.SECONDS)).as("the last run finishes; see run-%d.err", run).isTrue();
                    assertThat(child.exitValue()).as("run %d: %s", run, Files.readString(dir.resolve("run-" + run + ".err"))).isZero();
                    break;
                }
            }
            Set<String> acked = new HashSet<>();
            for (String line : Files.exists(acks) ? Files.readAllLines(acks) : List.<String>of()) {
                acked.add(EngineCrashChild.address(Integer.parseInt(line)));
            }
            Map<String, Integer> received = new HashMap<>();
            for (ReceivedMessage m : sink.received()) {
                for (String r : m.recipients()) {
                    received.merge(r, 1, Integer::sum);
                }
            }
            Map<String, String> finals = new HashMap<>();
            for (String line : Files.readAllLines(events)) {
                Matcher m = EVENT.matcher(line);
                assertThat(m.find()).as(line).isTrue();
                if (!m.group(1).equals("deferred")) {
                    finals.put(m.group(2), m.group(1));
                }
            }
            long reported = 0;
            List<String> runLines = Files.readAllLines(runs);
            for (String l : runLines) {
                if (l.startsWith("resumed ")) {
                    reported += Long.parseLong(l.substring(l.indexOf("dups ") + 5));
                }
            }
            long duplicates = received.values().stream().mapToLong(n -> n - 1).sum();

            assertThat(acked).as("acknowledged before the first kill or later").isNotEmpty();
            // accepted = delivered + bounced + expired: every acknowledged recipient has a final event.
            assertThat(finals.keySet()).containsAll(acked);
            assertThat(finals.values()).containsOnly("delivered", "bounced");
            for (String a : acked) {
                boolean bounce = a.startsWith("bounce-hard-");
                assertThat(finals.get(a)).as(a).isEqualTo(bounce ? "bounced" : "delivered");
                if (!bounce) {
                    assertThat(received).as("the sink got %s", a).containsKey(a);
                }
            }
            // Duplicates only among the recipients reported as found in flight, and those are bounded by what
            // can be in flight at once: connections × transactions per connection × recipients per transaction, per kill.
            long bound = (long) KILLS * EngineCrashChild.CONNECTIONS * Destination.WINDOW * EngineCrashChild.RECIPIENTS_PER_TRANSACTION;
            assertThat(duplicates).as("runs: %s", runLines).isLessThanOrEqualTo(reported);
            assertThat(reported).isLessThanOrEqualTo(bound);
            assertThat(runLines).last().isEqualTo("done");
            System.out.printf("crash seed %d: %d acknowledged, %d final, %d received twice, %d reported possibly twice, runs %s%n",
                    seed, acked.size(), finals.size(), duplicates, reported, runLines);
        }
    }

    private static void waitForAcks(Path acks, int n, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (child.isAlive() && System.nanoTime() < deadline
                && (!Files.exists(acks) || Files.readAllLines(acks).size() < n)) {
            Thread.sleep(5);
        }
    }

    private Process start(Path spool, Path events, Path acks, Path runs, int port, int recipients, int run) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), EngineCrashChild.class.getName(),
                spool.toString(), events.toString(), acks.toString(), runs.toString(), Integer.toString(port),
                Integer.toString(recipients))
                .redirectError(dir.resolve("run-" + run + ".err").toFile())
                .redirectOutput(dir.resolve("run-" + run + ".out").toFile())
                .start();
    }
}
