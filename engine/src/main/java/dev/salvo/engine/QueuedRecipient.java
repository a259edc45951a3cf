package dev.salvo.engine;

import dev.salvo.message.EmailAddress;
import dev.salvo.smtp.SmtpReply;
import java.nio.charset.StandardCharsets;

/**
 * One recipient waiting in the engine: its envelope, its address, how often it was tried, and
 * when it may go next. Kept small, because a campaign queues millions: the address is only its
 * UTF-8 bytes (shared with the {@link EmailAddress} it came from), which the transaction sends as
 * they are. About 90 bytes each; {@code scripts/bench-footprint}
 * measures it. Confined to the dispatch thread.
 */
final class QueuedRecipient {
    final Envelope envelope;
    private final byte[] address;
    /** Its position in the envelope's submission: with the envelope's content id, its key in the spool. */
    final int sequence;
    int attempts;
    long nextAttempt;
    /** The last transient reply, reported when the recipient expires. */
    SmtpReply lastReply;

    QueuedRecipient(Envelope envelope, EmailAddress address) {
        this(envelope, address.utf8Bytes(), 0);
    }

    QueuedRecipient(Envelope envelope, byte[] address, int sequence) {
        this.envelope = envelope;
        this.address = address;
        this.sequence = sequence;
    }

    /** The address's UTF-8 bytes, shared: do not modify. */
    byte[] addressBytes() {
        return address;
    }

    /** When the engine accepted it, on the engine's clock: the start of its maximum age. */
    long firstSeen() {
        return envelope.firstSeen;
    }

    /** The address's validated UTF-8 bytes, which the transaction sends as they are (no address object per send). */
    byte[] utf8() {
        return address;
    }

    String domain() {
        int at = EmailAddress.atIndex(address);
        return new String(address, at + 1, address.length - at - 1, StandardCharsets.UTF_8);
    }

    String text() {
        return new String(address, StandardCharsets.UTF_8);
    }
}
