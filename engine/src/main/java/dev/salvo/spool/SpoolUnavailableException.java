package dev.salvo.spool;

/**
 * The spool could not make a write durable (disk full, I/O error, closed, or its write queue full).
 * Nothing of the failed write may be acknowledged to whoever submitted it. The message says why
 * and what to do; while the spool is unhealthy ({@link Spool#healthy()}), the engine should answer
 * new submissions with a temporary error.
 */
public final class SpoolUnavailableException extends RuntimeException {
    public SpoolUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
