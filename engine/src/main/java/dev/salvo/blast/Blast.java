package dev.salvo.blast;

import dev.salvo.message.EmailAddress;
import dev.salvo.smtp.SmtpClient;
import dev.salvo.smtp.Timeouts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one {@link BlastPlan}: prepares the messages, sends, and writes the reports. */
public final class Blast {
    /** What a finished blast amounts to, for the exit code. */
    public enum Verdict { ALL_DELIVERED, SOME_FAILED, TARGET_UNUSABLE }

    /** How long the QUITs at the end may take before the client is shut down regardless. */
    private static final long QUIT_WAIT_SECONDS = 5;

    private Blast() {}

    /**
     * Sends on the calling thread, which must not be an event loop; the live line goes to
     * {@code err}, the report to {@code out}. Throws UncheckedIOException when a report file cannot
     * be written (after the text report is out).
     */
    public static Verdict run(BlastPlan plan, PrintWriter out, PrintWriter err) {
        BlastMeters meters = new BlastMeters();
        EmailAddress firstRecipient = EmailAddress.parse("blast0@" + plan.domains().get(0));
        String abandoned = null;
        try (SampleMessages messages = new SampleMessages(plan.sizes().sizes(), plan.from(), firstRecipient)) {
            TransactionDeck deck = new TransactionDeck(plan.sizes(), messages, plan.from(), plan.domains(), plan.recipients());
            Instant started = null;
            long start = 0;
            Timeline timeline = null;
            int threads = Math.min(plan.connections(), Runtime.getRuntime().availableProcessors());
            try (SmtpClient client = new SmtpClient(threads)) {
                List<Lane> lanes = new ArrayList<>(plan.connections());
                Waker waker = new Waker(Thread.currentThread());
                for (int i = 0; i < plan.connections(); i++) {
                    lanes.add(new Lane(client, plan.settings(), meters, waker, plan.window(),
                            plan.messagesPerConnection(), plan.rate() > 0));
                }
                BlastRun run = new BlastRun(plan, deck, meters, lanes, waker, drainLimitNanos(plan.settings().timeouts()));
                try {
                    run.openAll(openingLimitNanos(plan.settings().timeouts()));
                    started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    start = System.nanoTime();
                    timeline = new Timeline(meters, plan.quiet() ? null : err, start);
                    run.send(timeline, start);
                    run.drain(drainLimitNanos(plan.settings().timeouts()));
                } catch (BlastRun.TargetUnusable e) {
                    abandoned = e.getMessage();
                }
                quitAll(lanes);
            }
            if (timeline == null) { // given up on while opening: the report still says why
                started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                start = System.nanoTime();
                timeline = new Timeline(meters, null, start);
            }
            // The client has stopped its event loops: every callback has run, so the last tick sees everything.
            timeline.tick(System.nanoTime());
            BlastSummary summary = BlastSummary.of(plan, meters, timeline, started, start, abandoned);
            TextReport.print(out, summary);
            write(plan.json(), JsonReport.of(summary));
            write(plan.html(), HtmlReport.of(summary));
            if (abandoned != null) {
                err.println("salvo: the target is unusable: " + abandoned);
                err.flush();
                return Verdict.TARGET_UNUSABLE;
            }
            return summary.allDelivered() ? Verdict.ALL_DELIVERED : Verdict.SOME_FAILED;
        }
    }

    /** Every step of opening a session, each at its own bound. */
    private static long openingLimitNanos(Timeouts t) {
        return t.connect().plus(t.greeting()).plus(t.ehlo()).plus(t.starttls()).plus(t.auth()).toNanos();
    }

    /** Long enough for the last message to get every reply it is owed under the client's own timeouts. */
    private static long drainLimitNanos(Timeouts t) {
        return t.mail().plus(t.data()).plus(t.endOfData()).toNanos();
    }

    private static void quitAll(List<Lane> lanes) {
        CompletableFuture<?>[] quits = lanes.stream().map(Lane::close).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(quits).get(QUIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // A server slow to say goodbye does not change the figures; the client closes the sockets.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(Path file, String text) {
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report '" + file + "': " + e.getMessage(), e);
        }
    }
}
