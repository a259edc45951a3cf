package dev.salvo.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The engine's answer to one submission, given at once and never after blocking: taken, come back
 * later, or refused with a reason a person can act on. Nothing of a refused submission is queued.
 *
 * <p>ACCEPTED with a spool means "taken, being made durable": {@link #stored()} completes once the
 * submission is durable in the spool's mode, and only then may the injector acknowledge it (SMTP
 * 250, HTTP 202, a campaign's "accepted" count). If {@code stored()} fails, the submission was not
 * taken after all: nothing of it is sent or counted, and it may be offered again.
 */
public final class SubmitResult {
    public enum Status {
        ACCEPTED,
        /** The ingest queue is full: offer again shortly (SMTP 452 4.3.1, HTTP 503). */
        BACKPRESSURE,
        /** The spool cannot take writes (disk full, a RocksDB error): temporary, the reason says why (SMTP 452/421, HTTP 503). */
        UNAVAILABLE,
        REJECTED
    }

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** Accepted and already as durable as it will be (no spool: memory only). */
    public static final SubmitResult ACCEPTED = new SubmitResult(Status.ACCEPTED, null, DONE);
    /** The ingest queue is full: offer again shortly. Nothing was queued. */
    public static final SubmitResult BACKPRESSURE = new SubmitResult(Status.BACKPRESSURE, "the ingest queue is full; try again shortly",
            null);

    private final Status status;
    private final String reason;
    private final CompletionStage<Void> stored;

    private SubmitResult(Status status, String reason, CompletionStage<Void> stored) {
        this.status = status;
        this.reason = reason;
        this.stored = stored;
    }

    public static SubmitResult rejected(String reason) {
        return new SubmitResult(Status.REJECTED, reason, null);
    }

    /** The spool is unhealthy; {@code reason} is its health text (what failed and what to do). */
    public static SubmitResult unavailable(String reason) {
        return new SubmitResult(Status.UNAVAILABLE, reason, null);
    }

    /** Accepted; {@code stored} completes when the submission is durable (or fails: then it was not taken). */
    public static SubmitResult accepted(CompletionStage<Void> stored) {
        return new SubmitResult(Status.ACCEPTED, null, stored);
    }

    public Status status() {
        return status;
    }

    public boolean accepted() {
        return status == Status.ACCEPTED;
    }

    /** True for answers that mean "not now, offer it again": BACKPRESSURE and UNAVAILABLE. */
    public boolean temporary() {
        return status == Status.BACKPRESSURE || status == Status.UNAVAILABLE;
    }

    /**
     * For ACCEPTED: completes (on the spool's writer thread: do not block in a callback) when the
     * submission is durable; fails with the spool's error when it could not be stored. For any other
     * status: a stage that has failed with the reason.
     */
    public CompletionStage<Void> stored() {
        return stored != null ? stored : CompletableFuture.failedFuture(new IllegalStateException(toString()));
    }

    /** Why it was not accepted, or null. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return reason == null ? status.name() : status + ": " + reason;
    }
}
