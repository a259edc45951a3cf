package dev.salvo.engine;

import dev.salvo.api.EngineOptions;
import dev.salvo.api.SalvoEngine;
import dev.salvo.api.SubmitResult;
import dev.salvo.api.Submission;
import dev.salvo.config.ConfigLoader;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.DsnOptions;
import dev.salvo.spool.Durability;
import dev.salvo.spool.Spool;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The process {@link EngineCrashTest} kills: an engine with a SYNC spool sending a campaign to the
 * test's sink. Args: spool dir, events file, acks file, runs file, sink port, recipients (0 on a
 * resuming run: it only drains the spool). It appends "index" to the acks file for every recipient
 * whose submission's {@code stored()} completed, and "resumed N dups M" to the runs file at start,
 * then "done" once everything is final.
 */
public final class EngineCrashChild {
    static final int PER_SUBMISSION = 10;
    static final int CONNECTIONS = 2;
    static final int RECIPIENTS_PER_TRANSACTION = 5;

    public static void main(String[] args) throws Exception {
        Path spoolDir = Path.of(args[0]);
        Path events = Path.of(args[1]);
        FileOutputStream acks = new FileOutputStream(args[2], true);
        FileOutputStream runs = new FileOutputStream(args[3], true);
        int port = Integer.parseInt(args[4]);
        int total = Integer.parseInt(args[5]);
        var config = ConfigLoader.parse("""
                ehlo: crash.test
                defaults:
                  max_connections: %d
                  max_recipients_per_transaction: %d
                routes:
                  - domains: ["*"]
                    mx: {}
                test_mode:
                  mx_override:
                    "*": "127.0.0.1:%d"
                """.formatted(CONNECTIONS, RECIPIENTS_PER_TRANSACTION, port), "crash.yaml");
        EngineOptions o = EngineOptions.of(config).withEvents(events).withSpool(Spool.open(spoolDir, Durability.SYNC));
        try (SalvoEngine engine = SalvoEngine.start(o)) {
            write(runs, "resumed " + engine.recovery().recipients() + " dups " + engine.recovery().possibleDuplicates());
            MessageContent content = MessageContent.of(("From: news@salvo.test\r\nSubject: crash\r\nMessage-ID: <crash@salvo.test>\r\n\r\n"
                    + ("x".repeat(98) + "\r\n").repeat(10)).getBytes(StandardCharsets.US_ASCII));
            EmailAddress from = EmailAddress.parse("news@salvo.test");
            List<CompletableFuture<Void>> stored = new ArrayList<>();
            for (int first = 0; first < total; first += PER_SUBMISSION) {
                List<EmailAddress> part = new ArrayList<>();
                StringBuilder lines = new StringBuilder();
                for (int i = first; i < Math.min(total, first + PER_SUBMISSION); i++) {
                    part.add(EmailAddress.parse(address(i)));
                    lines.append(i).append('\n');
                }
                SubmitResult r;
                while (!(r = engine.submit(new Submission(from, part, content, "crash", DsnOptions.NONE))).accepted()) {
                    if (!r.temporary()) {
                        throw new IllegalStateException(r.toString());
                    }
                    Thread.sleep(1);
                }
                byte[] ack = lines.toString().getBytes(StandardCharsets.US_ASCII);
                stored.add(r.stored().toCompletableFuture().thenRun(() -> write(acks, ack)));
            }
            CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).join();
            content.release();
            while (!engine.awaitFinished(Duration.ofSeconds(1))) {
                // keeps going until killed or done
            }
        }
        write(runs, "done");
        System.exit(0);
    }

    static String address(int i) {
        return (i % 97 == 0 ? "bounce-hard-" : "user") + i + "@d" + (i % 7) + ".test";
    }

    private static void write(FileOutputStream out, String line) {
        write(out, (line + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** One write(2) per call: in the page cache once it returns, so a SIGKILL right after keeps it. */
    private static void write(FileOutputStream out, byte[] bytes) {
        synchronized (out) {
            try {
                out.write(bytes);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
