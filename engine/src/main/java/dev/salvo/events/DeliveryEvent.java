package dev.salvo.events;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One recipient's outcome, as one line of the events log.
 *
 * @param ts when the outcome was known
 * @param event what became of the recipient
 * @param messageId the message's Message-ID without angle brackets, or null
 * @param recipient the address as given (for {@link Outcome#REJECTED}, the text that did not parse)
 * @param destination the relay as "host:port"
 * @param attempt which delivery attempt this was; 0 when the recipient was never attempted
 * @param code the SMTP reply code, or null when there was no reply
 * @param enhanced the RFC 3463 enhanced status code ("5.1.1"), or null
 * @param response the reply text, or why the recipient was rejected, or null
 * @param tls the TLS protocol of the session ("TLSv1.3"), or null on plaintext
 * @param bounceClass the bounce rules' class of the reply ("invalid-recipient"), or null when
 *        delivered or when there was no reply; the "class" field of the log
 * @param report for an outcome learnt later from a report rather than from the SMTP session: "dsn"
 *     (a late bounce or delay from a delivery status notification) or "arf" (a complaint), with
 *     "-unverified" appended when it was matched by the returned headers instead of a VERP token;
 *     null for outcomes of a delivery attempt
 */
public record DeliveryEvent(
        Instant ts,
        Outcome event,
        String messageId,
        String recipient,
        String destination,
        int attempt,
        Integer code,
        String enhanced,
        String response,
        String tls,
        String bounceClass,
        String report) {

    /** The event names of the log; {@link #wireName()} is what the "event" field holds. */
    public enum Outcome {
        DELIVERED,
        DEFERRED,
        BOUNCED,
        /** Gave up after retrying past the deadline; no retry queue produces it yet. */
        EXPIRED,
        /** Refused before sending, e.g. an address in the recipients file that does not parse. */
        REJECTED,
        /** Not sent because the address is on the suppression list; final. */
        SUPPRESSED,
        /** A recipient complained (an ARF feedback report) about a message it was sent. */
        COMPLAINT;

        private final String wireName = name().toLowerCase(Locale.ROOT);

        public String wireName() {
            return wireName;
        }
    }

    /** An outcome of a delivery attempt without a bounce class. */
    public DeliveryEvent(Instant ts, Outcome event, String messageId, String recipient, String destination, int attempt,
            Integer code, String enhanced, String response, String tls) {
        this(ts, event, messageId, recipient, destination, attempt, code, enhanced, response, tls, null, null);
    }

    /** An outcome of a delivery attempt, with the bounce rules' class of its reply. */
    public DeliveryEvent(Instant ts, Outcome event, String messageId, String recipient, String destination, int attempt,
            Integer code, String enhanced, String response, String tls, String bounceClass) {
        this(ts, event, messageId, recipient, destination, attempt, code, enhanced, response, tls, bounceClass, null);
    }

    public DeliveryEvent {
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(destination, "destination");
    }
}
