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
            loop.execute(() -> submit(t));
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

    /** Runs {@code task} on this connection's event loop: at once when called there. */
    void runOnLoop(Runnable task) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    void submit(TransactionState t) {
        if (session.isClosed()) {
            t.complete(SmtpReply.local(421, "4.4.2", "the connection is closed"), DeliveryStatus.DEFERRED, session.info());
            return;
        }
        if (!session.transactions().submit(t)) {
            t.complete(SmtpReply.local(451, "4.3.2", "too many transactions queued on one connection"),
                    DeliveryStatus.DEFERRED, session.info());
            return;
        }
        session.flush();
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
