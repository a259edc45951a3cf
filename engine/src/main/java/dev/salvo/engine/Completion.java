package dev.salvo.engine;

import dev.salvo.smtp.SessionFailure;
import dev.salvo.smtp.SmtpConnection;
import dev.salvo.smtp.TransactionResult;

/**
 * What an event loop or the resolver hands back to the dispatch thread. Event loops never touch a
 * destination's state; they post one of these and wake the dispatcher.
 */
sealed interface Completion {
    record Routed(String domain, RouteDecision decision) implements Completion {}

    record Opened(Destination destination, int host, SmtpConnection connection, SessionFailure failure) implements Completion {}

    record Sent(Destination destination, SiteConnection connection, QueuedRecipient[] batch, TransactionResult result)
            implements Completion {}
}
