package dev.salvo.smtp;

/** What became of one recipient in one transaction. */
public enum DeliveryStatus {
    /** The server took responsibility (2xx after the end of data, RFC 5321 §4.1.1.4). */
    DELIVERED,
    /** A transient failure (4xx, a lost connection, a timeout): try again later. */
    DEFERRED,
    /** A permanent failure (5xx): do not retry as it is. */
    BOUNCED;

    public static DeliveryStatus of(SmtpReply reply) {
        if (reply.isPositive()) {
            return DELIVERED;
        }
        return reply.isPermanent() ? BOUNCED : DEFERRED;
    }
}
