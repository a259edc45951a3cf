package dev.salvo.bounce.report;

/**
 * The headers of the message a report returns (RFC 3464 §2 third part, RFC 5965 §2 third part):
 * what identifies the message Salvo sent. Any field may be null.
 *
 * @param messageId the Message-ID without angle brackets
 * @param to the To field's first address
 * @param fromDomain the domain of the From field's address (the sending domain)
 */
public record ReturnedMessage(String messageId, String to, String fromDomain) {
    public static final ReturnedMessage NONE = new ReturnedMessage(null, null, null);
}
