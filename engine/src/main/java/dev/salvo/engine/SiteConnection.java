package dev.salvo.engine;

import dev.salvo.smtp.SmtpConnection;

/** One open session of a destination's pool, with what the pool needs to know about it. Dispatch thread only. */
final class SiteConnection {
    final SmtpConnection connection;
    /** Transactions handed to the connection and not yet answered. */
    int inFlight;
    /** Transactions sent over this connection's life, for max messages per connection. */
    int messages;
    long idleSince;
    boolean retiring;

    SiteConnection(SmtpConnection connection, long now) {
        this.connection = connection;
        this.idleSince = now;
    }

    boolean usable(int maxMessages, int window) {
        return !retiring && inFlight < window && (maxMessages <= 0 || messages < maxMessages) && connection.isOpen();
    }
}
