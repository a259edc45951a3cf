package dev.salvo.bench.spool;

import dev.salvo.api.EngineOptions;
import dev.salvo.api.SalvoEngine;
import dev.salvo.api.SubmitResult;
import dev.salvo.api.Submission;
import dev.salvo.config.ConfigLoader;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import dev.salvo.spool.Durability;
import dev.salvo.spool.Spool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable acceptance throughput: SUBMITTERS threads each submit a one-recipient 1 KB message and
 * wait for its {@code stored()} (as an SMTP submission server waits before its 250), for SECONDS,
 * while the engine delivers to an in-process Salvo sink over loopback. Prints acknowledged
 * submissions per second and the spool's fsyncs.
 *
 * <pre>java -cp bench/target/salvo-benchmarks.jar dev.salvo.bench.spool.DurableAcceptance sync|batched|memory SUBMITTERS SECONDS</pre>
 */
public final class DurableAcceptance {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int submitters = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("salvo-acceptance");
        byte[] body = ("From: bench@salvo.test\r\nSubject: acceptance\r\nMessage-ID: <a@salvo.test>\r\n\r\n"
                + ("x".repeat(98) + "\r\n").repeat(9)).getBytes(StandardCharsets.US_ASCII);
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            var config = ConfigLoader.parse("""
                    defaults: {max_connections: 10, max_recipients_per_transaction: 50}
                    routes: [{domains: ["*"], mx: {}}]
                    test_mode: {mx_override: {"*": "127.0.0.1:%d"}}
                    """.formatted(sink.port()), "bench.yaml");
            EngineOptions o = EngineOptions.of(config);
            Spool spool = switch (mode) {
                case "sync" -> Spool.open(dir, Durability.SYNC);
                case "batched" -> Spool.open(dir, Durability.batched(Duration.ofMillis(100)));
                default -> null;
            };
            o = o.withSpool(spool);
            MessageContent content = MessageContent.of(body);
            AtomicLong acked = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            try (SalvoEngine engine = SalvoEngine.start(o)) {
                EmailAddress from = EmailAddress.parse("bench@salvo.test");
                Thread[] threads = new Thread[submitters];
                for (int t = 0; t < submitters; t++) {
                    int id = t;
                    threads[t] = new Thread(() -> {
                        long n = 0;
                        while (!stop.get()) {
                            List<EmailAddress> to = List.of(EmailAddress.parse("r" + id + "-" + n++ + "@d" + (n % 10) + ".test"));
                            SubmitResult r = engine.submit(new Submission(from, to, content));
                            if (!r.accepted()) {
                                Thread.onSpinWait();
                                continue;
                            }
                            r.stored().toCompletableFuture().join();
                            acked.incrementAndGet();
                        }
                    });
                }
                // A second of warm-up, then the measured span.
                for (Thread t : threads) {
                    t.start();
                }
                TimeUnit.SECONDS.sleep(1);
                long a0 = acked.get();
                long f0 = spool == null ? 0 : spool.stats().syncs();
                long t0 = System.nanoTime();
                TimeUnit.SECONDS.sleep(seconds);
                long a1 = acked.get();
                long f1 = spool == null ? 0 : spool.stats().syncs();
                double s = (System.nanoTime() - t0) / 1e9;
                stop.set(true);
                for (Thread t : threads) {
                    t.join();
                }
                System.out.printf("mode=%s submitters=%d acknowledged/s=%.0f fsyncs/s=%.0f acks-per-fsync=%.1f%n", mode, submitters,
                        (a1 - a0) / s, (f1 - f0) / s, f1 == f0 ? 0.0 : (double) (a1 - a0) / (f1 - f0));
                engine.awaitFinished(Duration.ofSeconds(60));
            } finally {
                content.release();
            }
        }
        System.exit(0);
    }
}
