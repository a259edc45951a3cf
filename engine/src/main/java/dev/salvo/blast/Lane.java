package dev.salvo.blast;

import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.SessionFailure;
import dev.salvo.smtp.SmtpClient;
import dev.salvo.smtp.SmtpConnection;
import dev.salvo.smtp.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One of the blast's connections, kept open (and reopened) by the scheduler thread. Event-loop
 * callbacks only write volatiles and atomics and wake the scheduler; every decision is taken on
 * the scheduler thread, so the lane needs no lock.
 */
final class Lane {
    /** Wait this long before reopening after a failure, so a refusing server is not hammered. */
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final SmtpClient client;
    private final ConnectionSettings settings;
    private final BlastMeters meters;
    private final Waker scheduler;
    private final int window;
    /**
     * An answer wakes the scheduler only when it leaves this many or fewer outstanding. In a closed
     * loop that is half the window: the connection still has work queued, and refilling it half a
     * window at a time spares a wake-up (a futex call here, a context switch there) per message. In
     * an open loop it is the window less one, every answer: a due message must not wait at the
     * scheduler while its connection has room, or that wait would count as the server's latency.
     */
    private final int wakeAt;
    private final int messagesPerConnection;

    /** Messages handed to this lane and not yet answered, across old and new connections. */
    private final AtomicInteger outstanding = new AtomicInteger();
    // NOTE: the callback writes connection before it clears connecting, and the scheduler reads
    // connecting first, so a false connecting makes the new connection visible.
    private volatile SmtpConnection connection;
    private volatile boolean connecting;
    /** The last failure to open, until the scheduler takes it; kept apart so a quick reopen cannot hide it. */
    private final AtomicReference<SessionFailure> failure = new AtomicReference<>();
    /** Connections told to QUIT after their queue drains, awaited at the end. */
    private final List<SmtpConnection> retired = new ArrayList<>();
    private int sentOnConnection;
    private long retryAt;

    Lane(SmtpClient client, ConnectionSettings settings, BlastMeters meters, Waker scheduler, int window,
            int messagesPerConnection, boolean openLoop) {
        this.client = client;
        this.settings = settings;
        this.meters = meters;
        this.scheduler = scheduler;
        this.window = window;
        this.wakeAt = openLoop ? window - 1 : window / 2;
        this.messagesPerConnection = messagesPerConnection;
        this.retryAt = System.nanoTime();
    }

    /**
     * Scheduler thread: hands {@code tx} to this lane's connection if it is open and has room in
     * its window; false otherwise (and starts opening one if it is time to).
     */
    boolean offer(Transaction tx, int octets, long dueNanos, long nowNanos) {
        SmtpConnection c = usable(nowNanos);
        if (c == null || outstanding.get() >= window) {
            return false;
        }
        outstanding.incrementAndGet();
        meters.handedOver(octets);
        c.send(tx).whenComplete((r, e) -> {
            // On the event loop: count, free the slot, wake the scheduler if it is time. Nothing here blocks.
            if (r != null) {
                meters.completed(r, dueNanos, System.nanoTime());
            }
            if (outstanding.decrementAndGet() <= wakeAt) {
                scheduler.wake();
            }
        });
        if (messagesPerConnection > 0 && ++sentOnConnection >= messagesPerConnection) {
            retire(c);
            open();
        }
        return true;
    }

    /** Scheduler thread: the open connection, or null while there is none (opening one when due). */
    private SmtpConnection usable(long nowNanos) {
        if (connecting) {
            return null;
        }
        SmtpConnection c = connection;
        if (c != null && c.isOpen()) {
            return c;
        }
        if (c != null) {
            connection = null; // the server closed it; what was queued on it comes back deferred
            retryAt = nowNanos;
        }
        if (nowNanos - retryAt >= 0) {
            open();
        }
        return null;
    }

    /** Scheduler thread: starts opening a connection. */
    void open() {
        connecting = true;
        sentOnConnection = 0;
        retryAt = System.nanoTime() + RETRY_NANOS;
        client.connect(settings).whenComplete((c, e) -> {
            if (c != null) {
                meters.opened(c.info().latency());
                connection = c;
            } else {
                SessionFailure f = cause(e);
                meters.failed(f.kind());
                failure.set(f);
            }
            connecting = false;
            scheduler.wake();
        });
    }

    /** Scheduler thread: the failure of the last attempt to open, once; null when there is none. */
    SessionFailure takeFailure() {
        return failure.getAndSet(null);
    }

    int outstanding() {
        return outstanding.get();
    }

    /**
     * Scheduler thread: whether this lane has something for the scheduler now: room on an open
     * connection, a closed connection to replace, a reopen that is due, or a failure to report.
     */
    boolean wantsScheduler(long nowNanos) {
        if (failure.get() != null) {
            return true;
        }
        if (connecting) {
            return false;
        }
        SmtpConnection c = connection;
        if (c == null) {
            return nowNanos - retryAt >= 0;
        }
        return !c.isOpen() || outstanding.get() < window;
    }

    boolean isConnecting() {
        return connecting;
    }

    private void retire(SmtpConnection c) {
        connection = null;
        retired.removeIf(r -> !r.isOpen()); // only those still saying goodbye are kept
        retired.add(c);
        c.close(); // QUIT after what is queued on it
    }

    /** Scheduler thread, at the end: QUIT on every connection this lane still has. */
    CompletableFuture<Void> close() {
        SmtpConnection c = connection;
        connection = null;
        if (c != null) {
            retired.add(c);
        }
        CompletableFuture<?>[] all = retired.stream().map(SmtpConnection::close).toArray(CompletableFuture[]::new);
        retired.clear();
        return CompletableFuture.allOf(all);
    }

    private static SessionFailure cause(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof SessionFailure f ? f
                : new SessionFailure(SessionFailure.Kind.CONNECT_FAILED, String.valueOf(t.getMessage()), null);
    }
}
