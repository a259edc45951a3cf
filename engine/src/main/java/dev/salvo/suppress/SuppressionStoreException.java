package dev.salvo.suppress;

/** The suppression list on disk cannot be opened, read or written; the message says why and what to do. */
public final class SuppressionStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SuppressionStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
