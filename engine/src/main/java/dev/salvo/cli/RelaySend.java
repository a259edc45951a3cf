package dev.salvo.cli;

import dev.salvo.api.EngineOptions;
import dev.salvo.api.SalvoEngine;
import dev.salvo.api.Submission;
import dev.salvo.config.Backoff;
import dev.salvo.config.Rate;
import dev.salvo.config.RetryPolicy;
import dev.salvo.config.SalvoConfig;
import dev.salvo.config.Shaping;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.DsnOptions;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One message, as is, to many recipients through one relay, on the engine: each recipient in a
 * transaction of its own, deferred ones retried until {@code maxAge}, with progress, events and the
 * summary. `salvo send --message` builds it from flags; `salvo demo` from the sink it started. The
 * caller owns {@code content} and releases it after {@link #run} returns (the engine holds its own
 * reference for as long as it needs one).
 *
 * @param rate messages per period to the relay, or null for unlimited
 * @param bounces the bounce rules and the suppression list (the caller closes the list after run)
 */
record RelaySend(
        ConnectionSettings relay,
        EmailAddress sender,
        RecipientSource.Resolved recipients,
        MessageContent content,
        int connections,
        Rate rate,
        Duration maxAge,
        Path events,
        ProgressLine.Mode progressMode,
        dev.salvo.api.BounceOptions bounces) {

    /** Recipients per submission: enough to keep the ingest queue busy, few enough that backpressure paces it. */
    private static final int CHUNK = 1000;

    /** Sends everything and returns the counts; the summary goes to {@code out}. */
    Tally run(PrintWriter out, PrintWriter err) throws InterruptedException {
        long start = System.nanoTime();
        Tally tally = new Tally(recipients.valid().size() + recipients.rejected().size());
        RelayWatch watch = new RelayWatch();
        try (SalvoEngine salvo = start()) {
            salvo.addListener(tally);
            salvo.addSessionListener(watch);
            recipients.rejected().forEach(r -> salvo.reject(r.text(), r.reason()));
            CampaignProgress progress = new CampaignProgress(err, progressMode, start);
            List<EmailAddress> all = recipients.valid();
            Intake intake = new Intake(); // no spool here (--spool is refused with --message), so nothing stops it
            for (int i = 0; i < all.size(); i += CHUNK) {
                Submission chunk = new Submission(sender, all.subList(i, Math.min(all.size(), i + CHUNK)), content, null,
                        DsnOptions.NONE);
                intake.submit(salvo, () -> salvo.submit(chunk), progress, watch::check);
            }
            while (!salvo.awaitFinished(Duration.ofMillis(100))) {
                watch.check();
                progress.update(salvo.stats(), all.size(), false);
            }
            progress.update(salvo.stats(), all.size(), true);
            progress.finish();
            SendSummary.print(out, tally, relay.destination(), watch.firstSession(), System.nanoTime() - start);
            return tally;
        } catch (UncheckedIOException eventsNotWritten) {
            // The mail went out; only the record of it is incomplete, and the user must know.
            throw new UserError(eventsNotWritten.getMessage(), ExitCodes.PARTIAL);
        }
    }

    private SalvoEngine start() {
        EngineOptions options = EngineOptions.of(config()).withRelay(relay).withEvents(events).withBounces(bounces)
                .withIoThreads(Math.min(connections, Runtime.getRuntime().availableProcessors()));
        try {
            return SalvoEngine.start(options);
        } catch (UncheckedIOException e) {
            throw new UserError(e.getMessage()); // the events file: nothing was sent
        }
    }

    /**
     * The engine's configuration for one relay: --connections sessions, unlimited messages each (a
     * relay is not a receiver that punishes long sessions), one recipient per transaction, and a
     * 421 pause no longer than the first retry so a short run is not stalled for the default two
     * minutes by one busy moment.
     */
    SalvoConfig config() {
        SalvoConfig base = SalvoConfig.defaultConfig();
        RetryPolicy retry = CampaignCommandRun.retryFor(maxAge, base.retry().jitter());
        Backoff b = base.defaults().backoff();
        Backoff backoff = new Backoff(min(b.suspendOn421(), retry.initial()), b.rateLimitBurst(), b.rateLimitWindow(),
                min(b.suspendOnRateLimit(), retry.maxInterval()), b.slowdownFactor(), b.rampUp());
        Shaping shaping = new Shaping(connections, Math.max(base.defaults().maxNewConnectionsPerMinute(), connections), 0, 1,
                rate, base.defaults().idleTimeout(), backoff);
        return new SalvoConfig(relay.ehloName(), shaping, retry, base.routes(), List.of(), List.of(), base.testMode(), base.dkim());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
