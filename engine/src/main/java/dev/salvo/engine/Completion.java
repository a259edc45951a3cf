package dev.salvo.engine;

import dev.salvo.smtp.ReusableTransaction;
import dev.salvo.smtp.SessionFailure;
import dev.salvo.smtp.SmtpConnection;
import java.util.Arrays;

/**
 * What an event loop or the resolver hands back to the dispatch thread. Event loops never touch a
 * destination's state; they post one of these and wake the dispatcher.
 */
sealed interface Completion {
    record Routed(String domain, RouteDecision decision) implements Completion {}

    record Opened(Destination destination, int host, SmtpConnection connection, SessionFailure failure) implements Completion {}

    /**
     * One transaction slot of a {@link SiteConnection}: the recipients it carries and the reusable
     * transaction that sends them. It is its own completion: when the event loop settles the
     * transaction, the slot posts itself back, and the dispatch thread reads the outcome in place
     * and returns the slot to its connection. So sending allocates nothing per message: no batch
     * list, no transaction, no address, no future, no result.
     *
     * <p>Owned by the dispatch thread, except between {@code connection.send} and the post, when
     * the connection's event loop owns the transaction (see {@link ReusableTransaction}).
     */
    final class Sent implements Completion, ReusableTransaction.Listener {
        final Destination destination;
        final SiteConnection connection;
        final ReusableTransaction transaction;
        private final DispatchLoop loop;
        private QueuedRecipient[] batch;
        private int count;

        Sent(Destination destination, SiteConnection connection, DispatchLoop loop, int capacity) {
            this.destination = destination;
            this.connection = connection;
            this.loop = loop;
            this.batch = new QueuedRecipient[capacity];
            this.transaction = new ReusableTransaction(capacity, this);
        }

        /** Starts a new transaction for recipients of {@code e}. */
        void begin(Envelope e) {
            transaction.reset(e.sender, e.content, e.dsn);
            count = 0;
        }

        void add(QueuedRecipient r) {
            if (count == batch.length) {
                batch = Arrays.copyOf(batch, count * 2); // once, when a destination's batches outgrow the first guess
            }
            batch[count++] = r;
            transaction.addRecipient(r.utf8());
        }

        int count() {
            return count;
        }

        QueuedRecipient recipient(int i) {
            return batch[i];
        }

        /** Lets go of the recipients, so a slot waiting for reuse keeps none of them alive. */
        void clear() {
            Arrays.fill(batch, 0, count, null);
            count = 0;
        }

        /**
         * On the connection's event loop: hand the settled transaction back to the dispatch thread,
         * waking it only when the connection runs short of work. An answer posted without a wake is
         * never stranded: its connection still has more than {@link Destination#LOW_WATER}
         * transactions unsettled, and the one that takes it down to that mark wakes the dispatcher,
         * which drains every posted answer (a connection that fails settles all of its transactions).
         */
        @Override
        public void transactionDone(ReusableTransaction t) {
            if (connection.unsettled.decrementAndGet() <= Destination.LOW_WATER) {
                loop.post(this);
            } else {
                loop.postQuietly(this);
            }
        }
    }
}
