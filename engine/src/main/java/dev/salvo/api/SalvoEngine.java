package dev.salvo.api;

import dev.salvo.engine.Engine;
import dev.salvo.message.EmailAddress;
import dev.salvo.smtp.DsnOptions;

/**
 * Salvo's engine: submit messages, hear outcomes. {@link #submit} answers at once and never
 * blocks the caller; every accepted recipient ends delivered, bounced or expired, and each step is
 * an event ({@link DeliveryListener}, the events log, the metrics).
 *
 * <pre>{@code
 * try (SalvoEngine engine = SalvoEngine.start(EngineOptions.of(ConfigLoader.load(path)))) {
 *     SubmitResult r = engine.submit(new Submission(from, recipients, content));
 *     ...
 * }
 * }</pre>
 */
public interface SalvoEngine extends AutoCloseable {
    static SalvoEngine start(EngineOptions options) {
        return Engine.start(options);
    }

    /**
     * Offers a message; answers at once, never blocks. ACCEPTED: the engine takes it; with a spool,
     * acknowledge it to whoever sent it only when {@link SubmitResult#stored()} completes (it is
     * durable then; if that fails it was not taken). BACKPRESSURE: the ingest queue is full,
     * nothing was taken, offer again shortly. UNAVAILABLE: the spool cannot take writes (disk full,
     * a RocksDB error), the reason says why; delivery of what was accepted goes on. REJECTED: the
     * submission is invalid or the engine is closing, with the reason.
     *
     * <p>Recipients on the suppression list are not sent: each gets a {@code suppressed} event at
     * once, and the rest are submitted. A submission whose every recipient is suppressed is
     * ACCEPTED (nothing is queued; every recipient already has its final event), not an error.
     */
    SubmitResult submit(Submission submission);

    /**
     * How many rows of a campaign's list its spool has taken ({@link Submission#campaignRowsDone}),
     * or -1 when the spool never saw the campaign or there is no spool.
     */
    default long campaignRowsDone(String campaignId) {
        return -1;
    }

    /**
     * Opens a campaign whose template the spool keeps once (each recipient then costs a compact
     * record with its merge fields, not a body): stores {@code template} (opaque to the engine; what
     * its {@link CampaignRenderer} needs) unless the spool already holds this campaign, in which case
     * the stored record is kept. Blocks until durable. Without a spool it stores nothing.
     *
     * @return the template record in force (the stored one when resuming) and the rows already taken
     */
    default OpenedCampaign openCampaign(String campaignId, EmailAddress sender, DsnOptions dsn, byte[] template) {
        return new OpenedCampaign(template, 0);
    }

    /** Submits one row of an opened campaign; answers as {@link #submit} does. */
    default SubmitResult submit(CampaignRow row, EmailAddress sender, DsnOptions dsn) {
        return submit(new Submission(sender, java.util.List.of(row.recipient()), row.content(), row.campaignId(), dsn, row.row()));
    }

    /** Every row of the campaign was submitted and stored: its template is no longer kept for more. */
    default void closeCampaign(String campaignId) {
    }

    /** The template record in force and the rows of the list the spool already holds. */
    record OpenedCampaign(byte[] template, long rowsDone) {}

    /** What the engine found in its spool at start ({@link Recovery#NONE} without a spool or when it was empty). */
    default Recovery recovery() {
        return Recovery.NONE;
    }

    /**
     * Records a recipient refused before submission (a bad row of a recipients file): it appears in
     * the events and counts as rejected. Listeners hear it on the calling thread.
     */
    void reject(String recipient, String reason);

    void addListener(DeliveryListener listener);

    /** Hears each session open, or fail to open, on the dispatch thread. */
    void addSessionListener(SessionListener listener);

    EngineStats stats();

    /** Waits (bounded) until every accepted recipient has a final outcome; true when that happened. */
    boolean awaitFinished(java.time.Duration timeout) throws InterruptedException;

    /** Stops intake, lets transactions in flight finish, QUITs; what is still queued stays queued. */
    @Override
    void close();
}
