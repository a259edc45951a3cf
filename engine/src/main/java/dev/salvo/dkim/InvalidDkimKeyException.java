package dev.salvo.dkim;

/**
 * A DKIM key that cannot be used: the message names the file, what is wrong, and what to do.
 * Thrown at load time, never while signing.
 */
public final class InvalidDkimKeyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidDkimKeyException(String message) {
        super(message);
    }

    public InvalidDkimKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
