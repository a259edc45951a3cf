package dev.salvo.smtp;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;

/**
 * One transaction on its way through a connection: what to send, the replies so far, and how the
 * outcome reaches whoever waits for it. Two kinds: {@link FutureTransaction} (a {@link Transaction}
 * record and a future, made per send) and {@link ReusableTransaction} (filled again for every send,
 * with a listener, so a caller that sends millions allocates nothing per message).
 *
 * <p>Confined to the connection's event loop between submission and completion.
 */
abstract class TransactionState {
    /** Per recipient, the RCPT reply once it came; at least {@link #recipients} long. */
    SmtpReply[] rcptReplies;
    /** How many recipients this transaction has. */
    int recipients;
    SmtpReply mailReply;
    int accepted;
    /** The body went out as BDAT (RFC 3030) rather than DATA. */
    boolean bdat;
    boolean done;
    /** Ticker marks: MAIL written, the reply that released the body (354, or the last RCPT with BDAT), the final reply. */
    long mailSent;
    long bodyReleased;
    long finished;

    abstract EmailAddress sender();

    abstract MessageContent content();

    abstract DsnOptions dsn();

    /** The recipient's address as validated UTF-8 bytes (what RCPT TO carries). */
    abstract byte[] recipientUtf8(int i);

    /** True when any address or the header section needs SMTPUTF8 (RFC 6531 §3.4). */
    abstract boolean needsSmtpUtf8();

    /** Recipient {@code i} is settled with this status and the reply that decided it. */
    abstract void settled(int i, DeliveryStatus status, SmtpReply reply);

    /** Every recipient is settled; tell whoever waits. */
    abstract void completed(SessionInfo session, long mailToDataNanos, long endOfDataNanos);

    boolean mailAccepted() {
        return mailReply != null && mailReply.isPositive();
    }

    /** Clears the replies and marks of an earlier send, for a transaction that is sent again. */
    void clearProgress() {
        for (int i = 0; i < recipients; i++) {
            rcptReplies[i] = null;
        }
        mailReply = null;
        accepted = 0;
        bdat = false;
        done = false;
        mailSent = 0;
        bodyReleased = 0;
        finished = 0;
    }

    /**
     * Settles every recipient: refused ones keep their RCPT reply, the rest get {@code reply}. When
     * {@code forced} is non-null (the session broke), recipients without a final reply get that
     * status whatever the reply's code says, since a lost connection never bounces anyone.
     */
    final void complete(SmtpReply reply, DeliveryStatus forced, SessionInfo session) {
        if (done) {
            return;
        }
        done = true;
        for (int i = 0; i < recipients; i++) {
            SmtpReply r = rcptReplies[i];
            if (mailReply != null && !mailReply.isPositive()) {
                settled(i, DeliveryStatus.of(mailReply), mailReply);
            } else if (r != null && !r.isPositive()) {
                settled(i, DeliveryStatus.of(r), r);
            } else {
                settled(i, forced != null ? forced : DeliveryStatus.of(reply), reply);
            }
        }
        long mailToData = mailSent != 0 && bodyReleased != 0 ? bodyReleased - mailSent : -1;
        long endOfData = bodyReleased != 0 && finished != 0 ? finished - bodyReleased : -1;
        completed(session, mailToData, endOfData);
    }

    /** Whether validated address bytes hold anything beyond ASCII (then SMTPUTF8 is needed). */
    static boolean nonAscii(byte[] utf8) {
        for (byte b : utf8) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }
}
