package dev.salvo.smtp;

/**
 * The peer broke the protocol: a reply line that is not a reply, too long, or bytes where none may
 * be. Immutable and stackless: it describes the wire, not our code.
 */
public final class SmtpProtocolException extends RuntimeException {
    public SmtpProtocolException(String message) {
        super(message, null, false, false);
    }
}
