package dev.salvo.engine;

import dev.salvo.smtp.SmtpConnection;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open session of a destination's pool, with what the pool needs to know about it. Dispatch
 * thread only, but for {@link #unsettled}.
 */
final class SiteConnection {
    final SmtpConnection connection;
    /** Transactions handed to the connection and not yet answered, as far as the dispatch thread has read the answers. */
    int inFlight;
    /**
     * Transactions handed to the connection and not yet settled by its event loop: counted up by the
     * dispatch thread as it sends, down by the event loop as each one settles. It tells the event loop
     * whether the dispatch thread needs waking for this answer (see {@link Completion.Sent}).
     */
    final AtomicInteger unsettled = new AtomicInteger();
    /** Transactions sent over this connection's life, for max messages per connection. */
    int messages;
    long idleSince;
    boolean retiring;
    /**
     * Transaction slots not in flight. A connection never has more than {@link Destination#WINDOW}
     * in flight, so it makes at most that many slots, then reuses them.
     */
    private Completion.Sent[] idleSlots = new Completion.Sent[4];
    private int idleCount;

    SiteConnection(SmtpConnection connection, long now) {
        this.connection = connection;
        this.idleSince = now;
    }

    boolean usable(int maxMessages, int window) {
        return !retiring && inFlight < window && (maxMessages <= 0 || messages < maxMessages) && connection.isOpen();
    }

    /** A slot to send the next transaction in: a reused one, or (while the window fills the first time) a new one. */
    Completion.Sent slot(Destination d, DispatchLoop loop, int recipients) {
        if (idleCount > 0) {
            Completion.Sent s = idleSlots[--idleCount];
            idleSlots[idleCount] = null;
            return s;
        }
        return new Completion.Sent(d, this, loop, recipients);
    }

    /** The slot's transaction is settled and its outcome read: it may carry the next one. */
    void release(Completion.Sent s) {
        s.clear();
        if (idleCount == idleSlots.length) {
            idleSlots = Arrays.copyOf(idleSlots, idleCount * 2);
        }
        idleSlots[idleCount++] = s;
    }
}
