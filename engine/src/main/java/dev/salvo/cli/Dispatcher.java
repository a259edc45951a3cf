package dev.salvo.cli;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.DeliveryStatus;
import dev.salvo.smtp.RecipientResult;
import dev.salvo.smtp.SessionFailure;
import dev.salvo.smtp.SessionInfo;
import dev.salvo.smtp.SmtpClient;
import dev.salvo.smtp.SmtpConnection;
import dev.salvo.smtp.SmtpReply;
import dev.salvo.smtp.Transaction;
import dev.salvo.smtp.TransactionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;

/**
 * Runs one send: spreads the recipients over N connections, one transaction each, and keeps at
 * most {@link #WINDOW} transactions outstanding per connection so memory stays bounded however
 * long the list. A lost connection is reopened a few times; a permanent failure (TLS, AUTH) ends
 * the run at once, because every other connection would fail the same way.
 *
 * <p>Everything here runs on the calling thread. Netty's event loops only offer {@link Signal}s to
 * an MPSC queue and unpark this thread; it never waits on them and they never wait on it.
 */
final class Dispatcher {
    /** Transactions outstanding per connection: enough to keep a pipelined session busy, no more. */
    static final int WINDOW = 64;
    /** Reconnects of one slot in a row before it is given up. */
    static final int MAX_FAILURES = 3;
    private static final long BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long QUIT_WAIT_SECONDS = 10;

    /** What the event loops tell the dispatch thread. */
    private sealed interface Signal permits Opened, ConnectFailed, Completed {}

    private record Opened(Lane lane, SmtpConnection connection) implements Signal {}

    private record ConnectFailed(Lane lane, SessionFailure failure) implements Signal {}

    private record Completed(Lane lane, TransactionResult result) implements Signal {}

    private final SmtpClient client;
    private final ConnectionSettings settings;
    private final EmailAddress sender;
    private final List<EmailAddress> recipients;
    private final MessageContent content;
    private final Outcomes outcomes;
    private final ProgressLine progress;
    private final Lane[] lanes;
    /** NOTE: never full: each lane has at most one connect and WINDOW transactions unanswered. */
    private final MpscArrayQueue<Signal> signals;
    private final Thread dispatchThread = Thread.currentThread();
    private int next;
    private SessionInfo firstSession;
    private SessionFailure lastFailure;

    Dispatcher(SmtpClient client, ConnectionSettings settings, EmailAddress sender, List<EmailAddress> recipients,
            MessageContent content, int connections, Outcomes outcomes, ProgressLine progress) {
        this.client = client;
        this.settings = settings;
        this.sender = sender;
        this.recipients = recipients;
        this.content = content;
        this.outcomes = outcomes;
        this.progress = progress;
        this.lanes = new Lane[Math.max(1, Math.min(connections, recipients.size()))];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i);
        }
        this.signals = new MpscArrayQueue<>(lanes.length * (WINDOW + 2));
    }

    /** Sends to every recipient; returns what the first session negotiated (for the summary), or null. */
    SessionInfo run() {
        for (Lane lane : lanes) {
            connect(lane);
        }
        while (true) {
            Signal s;
            while ((s = signals.poll()) != null) {
                handle(s);
            }
            long now = System.nanoTime();
            long wait = progress.intervalNanos();
            boolean busy = false;
            for (Lane lane : lanes) {
                wait = Math.min(wait, feed(lane, now));
                busy |= !lane.idle() || lane.connection != null && next < recipients.size();
            }
            progress.tick(outcomes.tally(), now);
            if (!busy && (next == recipients.size() || allRetired())) {
                break;
            }
            LockSupport.parkNanos(this, Math.max(wait, 1_000_000));
        }
        giveUpOnRest();
        closeAll();
        return firstSession;
    }

    private void handle(Signal s) {
        if (s instanceof Opened o) {
            Lane lane = o.lane();
            lane.connecting = false;
            lane.connection = o.connection();
            if (firstSession == null) {
                firstSession = o.connection().info();
                reviveLanesRetiredBeforeFirstSession();
            }
        } else if (s instanceof ConnectFailed f) {
            f.lane().connecting = false;
            if (f.failure().kind().permanent()) {
                throw abort(f.failure());
            }
            laneFailed(f.lane(), f.failure());
        } else if (s instanceof Completed c) {
            Lane lane = c.lane();
            lane.outstanding--;
            outcomes.completed(c.result());
            if (c.result().count(DeliveryStatus.DEFERRED) < c.result().recipients().size()) {
                lane.failures = 0; // the server answered: this slot is making progress
            }
        }
    }

    /** Opens, reopens or fills one lane; returns how long until it next needs attention. */
    private long feed(Lane lane, long now) {
        if (lane.retired || lane.connecting) {
            return Long.MAX_VALUE;
        }
        SmtpConnection c = lane.connection;
        if (c != null && !c.isOpen()) {
            // Transactions still outstanding on the old session come back deferred on their own.
            lane.connection = null;
            laneFailed(lane, null);
            return 0;
        }
        if (c == null) {
            if (next == recipients.size()) {
                return Long.MAX_VALUE;
            }
            if (now - lane.retryAtNanos < 0) {
                return lane.retryAtNanos - now;
            }
            connect(lane);
            return Long.MAX_VALUE;
        }
        while (lane.outstanding < WINDOW && next < recipients.size()) {
            Transaction tx = new Transaction(sender, List.of(recipients.get(next++)), content);
            lane.outstanding++;
            c.send(tx).whenComplete((r, ex) -> signal(new Completed(lane, r != null ? r : lostResult(tx, ex))));
        }
        return Long.MAX_VALUE;
    }

    private void connect(Lane lane) {
        lane.connecting = true;
        CompletableFuture<SmtpConnection> opening;
        try {
            opening = client.connect(settings);
        } catch (IllegalArgumentException badTrustFile) {
            // connect() reads the --trust file before anything goes out: a user error, not the relay's
            throw new UserError(badTrustFile.getMessage());
        }
        opening.whenComplete((c, ex) ->
                signal(ex == null ? new Opened(lane, c) : new ConnectFailed(lane, asFailure(ex))));
    }

    /** Before any session opened, one failure retires a lane: a relay that refuses everyone fails fast. */
    private void laneFailed(Lane lane, SessionFailure failure) {
        if (failure != null) {
            lastFailure = failure;
        }
        lane.failures++;
        if (firstSession == null || lane.failures > MAX_FAILURES) {
            lane.retired = true;
            return;
        }
        lane.retryAtNanos = System.nanoTime() + BACKOFF_NANOS * (1L << (lane.failures - 1));
    }

    private void reviveLanesRetiredBeforeFirstSession() {
        for (Lane lane : lanes) {
            if (lane.retired) {
                lane.retired = false;
                lane.retryAtNanos = System.nanoTime();
            }
        }
    }

    private boolean allRetired() {
        for (Lane lane : lanes) {
            if (!lane.retired) {
                return false;
            }
        }
        return true;
    }

    /** Every lane gave up: recipients never sent are deferred with the last failure, or, if no session ever opened, the relay is unusable. */
    private void giveUpOnRest() {
        if (next == recipients.size()) {
            return;
        }
        if (firstSession == null) {
            throw abort(lastFailure);
        }
        SmtpReply reason = lastFailure != null ? lastFailure.asReply()
                : SmtpReply.local(421, "4.4.2", "the connection to " + settings.destination() + " was lost");
        while (next < recipients.size()) {
            outcomes.notSent(recipients.get(next++).address(), reason);
        }
    }

    private UserError abort(SessionFailure f) {
        closeAll();
        return new UserError(f == null ? "cannot use the relay " + settings.destination() : f.getMessage(), ExitCodes.RELAY_FAILED);
    }

    /** QUIT on every open session, waiting a bounded time for them to close. */
    private void closeAll() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (Lane lane : lanes) {
            if (lane.connection != null) {
                closing.add(lane.connection.close());
                lane.connection = null;
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(QUIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // A server slow to answer QUIT delays nothing that matters: closing the client ends it.
        }
    }

    private void signal(Signal s) {
        boolean offered = signals.offer(s);
        assert offered : "the signal queue is sized for every lane's window";
        LockSupport.unpark(dispatchThread);
    }

    private static SessionFailure asFailure(Throwable ex) {
        Throwable c = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
        return c instanceof SessionFailure f ? f
                : new SessionFailure(SessionFailure.Kind.CONNECT_FAILED, "cannot connect: " + c, null);
    }

    /** SmtpConnection.send never fails for SMTP outcomes; if it fails anyway, defer its recipients. */
    private static TransactionResult lostResult(Transaction tx, Throwable ex) {
        SmtpReply reply = SmtpReply.local(451, "4.3.0", "the transaction failed: " + ex);
        return new TransactionResult(tx, List.of(new RecipientResult(tx.recipients().get(0),
                DeliveryStatus.DEFERRED, reply)), null, -1, -1);
    }
}
