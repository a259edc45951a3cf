package dev.salvo.smtp;

import java.util.List;

/**
 * The outcome of one transaction: one result per recipient, in the order they were given.
 *
 * @param mailToDataNanos from writing MAIL to the reply that let the body go (354 to DATA; with BDAT,
 *     the last RCPT reply), or -1 when the transaction never got that far
 * @param endOfDataNanos from then to the reply to the end of data, or -1
 */
public record TransactionResult(Transaction transaction, List<RecipientResult> recipients, SessionInfo session,
        long mailToDataNanos, long endOfDataNanos) {
    public int count(DeliveryStatus status) {
        int n = 0;
        for (RecipientResult r : recipients) {
            if (r.status() == status) {
                n++;
            }
        }
        return n;
    }
}
