package dev.salvo.smtp;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A {@link Transaction} record sent once, its outcome delivered as a {@link TransactionResult} through a future. */
final class FutureTransaction extends TransactionState {
    final Transaction transaction;
    final CompletableFuture<TransactionResult> result = new CompletableFuture<>();
    private final RecipientResult[] results;

    FutureTransaction(Transaction transaction) {
        this.transaction = transaction;
        this.recipients = transaction.recipients().size();
        this.rcptReplies = new SmtpReply[recipients];
        this.results = new RecipientResult[recipients];
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
        results[i] = new RecipientResult(transaction.recipients().get(i), status, reply);
    }

    @Override
    void completed(SessionInfo session, long mailToDataNanos, long endOfDataNanos) {
        result.complete(new TransactionResult(transaction, recipients == 1 ? List.of(results[0]) : List.of(results), session,
                mailToDataNanos, endOfDataNanos));
    }
}
