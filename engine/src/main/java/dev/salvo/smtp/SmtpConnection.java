package dev.salvo.smtp;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;

/**
 * An open client session, ready for mail transactions. {@link #send} may be called from any thread
 * and many times without waiting: transactions queue on the connection and go out pipelined.
 */
public final class SmtpConnection {
    private final SmtpClientHandler session;
    private volatile Channel channel;
    /** Event loop only: a flush of transactions handed over from other threads is queued. */
    private boolean flushQueued;
    /** Made once, so queueing the flush allocates nothing. */
    private final Runnable queuedFlush = this::flushQueued;

    SmtpConnection(SmtpClientHandler session) {
        this.session = session;
    }

    void bind(Channel ch) {
        this.channel = ch;
    }

    /**
     * Sends one transaction. The future completes with a result per recipient; it never completes
     * exceptionally for SMTP outcomes: a refused recipient is a result, and a broken connection
     * defers every recipient not yet answered.
     */
    public CompletableFuture<TransactionResult> send(Transaction tx) {
        FutureTransaction t = new FutureTransaction(tx);
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            submit(t);
        } else {
            loop.execute(() -> submitBatched(t));
        }
        return t.result;
    }

    /**
     * Sends a transaction its caller reuses: the outcome is written into it and its listener is
     * called on this connection's event loop, with the same guarantees as {@link #send(Transaction)}
     * (never an exception for an SMTP outcome; a broken connection defers). Allocates nothing: no
     * future, no result, no task (the transaction carries its own).
     */
    public void send(ReusableTransaction tx) {
        tx.submitVia(this);
    }

    /**
     * Runs {@code here} at once when called on this connection's event loop, else queues
     * {@code queued} there (which submits with {@link #submitBatched}).
     */
    void onLoop(Runnable here, Runnable queued) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            here.run();
        } else {
            loop.execute(queued);
        }
    }

    /** Submits and flushes at once: for a caller already on the event loop. */
    void submit(TransactionState t) {
        if (queue(t)) {
            session.flush();
        }
    }

    /**
     * Submits from a task another thread queued, and flushes once for all of them: a sender that
     * hands over transactions one by one (the engine's dispatch thread does, many per pass) would
     * otherwise cost one write system call each. The flush is queued behind the tasks already
     * waiting, so everything handed over by then leaves in one write; nothing waits for more.
     */
    void submitBatched(TransactionState t) {
        if (queue(t) && !flushQueued) {
            flushQueued = true;
            channel.eventLoop().execute(queuedFlush);
        }
    }

    private void flushQueued() {
        flushQueued = false;
        session.flush();
    }

    /** Queues t on the session; false (and t completed as deferred) when it cannot be sent. */
    private boolean queue(TransactionState t) {
        if (session.isClosed()) {
            t.complete(SmtpReply.local(421, "4.4.2", "the connection is closed"), DeliveryStatus.DEFERRED, session.info());
            return false;
        }
        if (!session.transactions().submit(t)) {
            t.complete(SmtpReply.local(451, "4.3.2", "too many transactions queued on one connection"),
                    DeliveryStatus.DEFERRED, session.info());
            return false;
        }
        return true;
    }

    /** Sends QUIT once every queued transaction is done; completes when the connection has closed. */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Channel ch = channel;
        ch.closeFuture().addListener(f -> done.complete(null));
        ch.eventLoop().execute(session::requestQuit);
        return done;
    }

    /** True until the session fails or closes. */
    public boolean isOpen() {
        Channel ch = channel;
        return ch != null && ch.isActive() && !session.isClosed();
    }

    /** What this session negotiated. */
    public SessionInfo info() {
        return session.info();
    }

    /** Transactions queued or being sent on this connection (read from any thread; approximate). */
    public int backlog() {
        return session.transactions().backlog();
    }

    public String id() {
        return session.id();
    }
}
