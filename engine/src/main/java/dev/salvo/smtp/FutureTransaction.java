package dev.salvo.smtp;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A {@link Transaction} record sent once, its outcome delivered as a {@link TransactionResult} through a future. */
final class FutureTransaction extends TransactionState {
    final Transaction transaction;
    final CompletableFuture<TransactionResult> result = new CompletableFuture<>();
    /** One recipient (the common case) needs no array: a field, so a send allocates no more than it must. */
    private RecipientResult single;
    private final RecipientResult[] results;

    FutureTransaction(Transaction transaction) {
        this.transaction = transaction;
        this.recipients = transaction.recipients().size();
        this.rcptReplies = new SmtpReply[recipients];
        this.results = recipients == 1 ? null : new RecipientResult[recipients];
    }

    @Override
    EmailAddress sender() {
        return transaction.sender();
    }

    @Override
    MessageContent content() {
        return transaction.content();
    }

    @Override
    DsnOptions dsn() {
        return transaction.dsn();
    }

    @Override
    byte[] recipientUtf8(int i) {
        return transaction.recipients().get(i).utf8Bytes();
    }

    @Override
    boolean needsSmtpUtf8() {
        return transaction.needsSmtpUtf8();
    }

    @Override
    void settled(int i, DeliveryStatus status, SmtpReply reply) {
        RecipientResult r = new RecipientResult(transaction.recipients().get(i), status, reply);
        if (results == null) {
            single = r;
        } else {
            results[i] = r;
        }
    }

    @Override
    void completed(SessionInfo session, long mailToDataNanos, long endOfDataNanos) {
        result.complete(new TransactionResult(transaction, results == null ? List.of(single) : List.of(results), session,
                mailToDataNanos, endOfDataNanos));
    }
}
