package dev.salvo.engine;

import dev.salvo.message.EmailAddress;
import dev.salvo.smtp.SmtpReply;

/**
 * One recipient waiting in the engine: its envelope, how often it was tried, and when it may go
 * next. Kept small, because a campaign queues millions of them. Confined to the dispatch thread.
 */
final class QueuedRecipient {
    final Envelope envelope;
    final EmailAddress address;
    /** When the engine accepted it, on the engine's nanosecond clock: the start of its maximum age. */
    final long firstSeen;
    int attempts;
    long nextAttempt;
    /** The last transient reply, reported when the recipient expires. */
    SmtpReply lastReply;

    QueuedRecipient(Envelope envelope, EmailAddress address, long firstSeen) {
        this.envelope = envelope;
        this.address = address;
        this.firstSeen = firstSeen;
    }
}
