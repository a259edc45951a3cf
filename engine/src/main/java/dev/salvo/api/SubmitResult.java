package dev.salvo.api;

/**
 * The engine's answer to one submission, given at once and never after blocking: taken, come back
 * later, or refused with a reason a person can act on. Nothing of a refused submission is queued.
 */
public final class SubmitResult {
    public enum Status { ACCEPTED, BACKPRESSURE, REJECTED }

    public static final SubmitResult ACCEPTED = new SubmitResult(Status.ACCEPTED, null);
    /** The ingest queue is full: offer again shortly. Nothing was queued. */
    public static final SubmitResult BACKPRESSURE = new SubmitResult(Status.BACKPRESSURE, "the ingest queue is full; try again shortly");

    private final Status status;
    private final String reason;

    private SubmitResult(Status status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    public static SubmitResult rejected(String reason) {
        return new SubmitResult(Status.REJECTED, reason);
    }

    public Status status() {
        return status;
    }

    public boolean accepted() {
        return status == Status.ACCEPTED;
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
