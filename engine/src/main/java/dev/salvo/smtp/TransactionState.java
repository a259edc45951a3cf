package dev.salvo.smtp;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One transaction on its way through a connection: the replies so far, and who waits for the result. */
final class TransactionState {
    final Transaction transaction;
    final CompletableFuture<TransactionResult> result;
    /** Per recipient, the RCPT reply once it came. */
    final SmtpReply[] rcptReplies;
    SmtpReply mailReply;
    int accepted;
    /** The body went out as BDAT (RFC 3030) rather than DATA. */
    boolean bdat;
    boolean done;
    /** Ticker marks: MAIL written, the reply that released the body (354, or the last RCPT with BDAT), the final reply. */
    long mailSent;
    long bodyReleased;
    long finished;

    TransactionState(Transaction transaction, CompletableFuture<TransactionResult> result) {
        this.transaction = transaction;
        this.result = result;
        this.rcptReplies = new SmtpReply[transaction.recipients().size()];
    }

    boolean mailAccepted() {
        return mailReply != null && mailReply.isPositive();
    }

    /**
     * Settles every recipient: refused ones keep their RCPT reply, the rest get {@code reply}. When
     * {@code forced} is non-null (the session broke), recipients without a final reply get that
     * status whatever the reply's code says, since a lost connection never bounces anyone.
     */
    void complete(SmtpReply reply, DeliveryStatus forced, SessionInfo session) {
        if (done) {
            return;
        }
        done = true;
        int n = rcptReplies.length;
        RecipientResult[] results = new RecipientResult[n];
        for (int i = 0; i < n; i++) {
            SmtpReply r = rcptReplies[i];
            SmtpReply decided;
            DeliveryStatus status;
            if (mailReply != null && !mailReply.isPositive()) {
                decided = mailReply;
                status = DeliveryStatus.of(decided);
            } else if (r != null && !r.isPositive()) {
                decided = r;
                status = DeliveryStatus.of(r);
            } else {
                decided = reply;
                status = forced != null ? forced : DeliveryStatus.of(reply);
            }
            results[i] = new RecipientResult(transaction.recipients().get(i), status, decided);
        }
        long mailToData = mailSent != 0 && bodyReleased != 0 ? bodyReleased - mailSent : -1;
        long endOfData = bodyReleased != 0 && finished != 0 ? finished - bodyReleased : -1;
        result.complete(new TransactionResult(transaction, n == 1 ? List.of(results[0]) : List.of(results), session, mailToData, endOfData));
    }
}
