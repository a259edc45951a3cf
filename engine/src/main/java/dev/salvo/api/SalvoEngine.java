package dev.salvo.api;

import dev.salvo.engine.Engine;

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
     * Offers a message. ACCEPTED: the engine owns it now (in memory until the spool lands);
     * BACKPRESSURE: the ingest queue is full, nothing was taken, offer again shortly; REJECTED:
     * the submission is invalid or the engine is closing, with the reason.
     */
    SubmitResult submit(Submission submission);

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
