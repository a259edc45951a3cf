package dev.salvo.smtp;

import java.util.List;

/** The outcome of one transaction: one result per recipient, in the order they were given. */
public record TransactionResult(Transaction transaction, List<RecipientResult> recipients, SessionInfo session) {
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
