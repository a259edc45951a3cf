package dev.salvo.smtp;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import java.util.Arrays;
import java.util.Objects;

/**
 * A transaction its owner fills and sends again and again, for a sender that must not allocate per
 * message (the engine keeps one per transaction a connection may have outstanding). Recipients are
 * the validated UTF-8 bytes of their addresses, shared, not copied; the outcome is written into
 * this object and announced to the {@link Listener}, instead of a new future and result per send.
 *
 * <p>Ownership moves with the send: the owner fills it ({@link #reset}, {@link #addRecipient}) and
 * calls {@link SmtpConnection#send(ReusableTransaction)}; from then until {@link Listener#transactionDone}
 * runs the connection's event loop owns it, and the owner must not touch it; after that the owner
 * reads the outcome and may fill it again. The hand-offs (the event loop's task queue, and whatever
 * queue the listener posts to) order the writes on either side.
 */
public final class ReusableTransaction extends TransactionState {
    /** Hears that a transaction is settled; called on the connection's event loop: post it on, do not block. */
    @FunctionalInterface
    public interface Listener {
        void transactionDone(ReusableTransaction transaction);
    }

    private final Listener listener;
    /** Submits this transaction on the connection's event loop; made once, so a send allocates no task. */
    private final Runnable submitTask = this::submitOnLoop;
    private EmailAddress sender;
    private MessageContent content;
    private DsnOptions dsn = DsnOptions.NONE;
    private byte[][] addresses;
    private boolean needsSmtpUtf8;
    private DeliveryStatus[] statuses;
    private SmtpReply[] replies;
    private SessionInfo session;
    private long mailToDataNanos = -1;
    private long endOfDataNanos = -1;
    private SmtpConnection via;

    /** @param capacity recipients it holds without growing (it grows, once, if a larger batch comes) */
    public ReusableTransaction(int capacity, Listener listener) {
        if (capacity < 1 || capacity > Transaction.MAX_RECIPIENTS) {
            throw new IllegalArgumentException("capacity must be 1 to " + Transaction.MAX_RECIPIENTS + ", got " + capacity);
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        this.addresses = new byte[capacity][];
        this.rcptReplies = new SmtpReply[capacity];
        this.statuses = new DeliveryStatus[capacity];
        this.replies = new SmtpReply[capacity];
    }

    /**
     * Starts filling it for a new send: no recipients, no outcome. {@code content} is not retained:
     * the owner keeps its reference until the listener has run.
     */
    public void reset(EmailAddress sender, MessageContent content, DsnOptions dsn) {
        clearProgress();
        for (int i = 0; i < recipients; i++) {
            addresses[i] = null;
            statuses[i] = null;
            replies[i] = null;
        }
        this.sender = Objects.requireNonNull(sender, "sender");
        this.content = Objects.requireNonNull(content, "content");
        this.dsn = Objects.requireNonNull(dsn, "dsn");
        this.needsSmtpUtf8 = sender.needsSmtpUtf8() || content.headersNeedSmtpUtf8();
        this.recipients = 0;
        this.session = null;
        this.mailToDataNanos = -1;
        this.endOfDataNanos = -1;
    }

    /** Adds a recipient by the UTF-8 bytes of an already validated address (EmailAddress.utf8Bytes()); kept, not copied. */
    public void addRecipient(byte[] validatedUtf8) {
        if (recipients == Transaction.MAX_RECIPIENTS) {
            throw new IllegalStateException("a transaction takes at most " + Transaction.MAX_RECIPIENTS + " recipients");
        }
        if (recipients == addresses.length) {
            int n = Math.min(Transaction.MAX_RECIPIENTS, addresses.length * 2);
            addresses = Arrays.copyOf(addresses, n);
            rcptReplies = Arrays.copyOf(rcptReplies, n);
            statuses = Arrays.copyOf(statuses, n);
            replies = Arrays.copyOf(replies, n);
        }
        addresses[recipients++] = validatedUtf8;
        needsSmtpUtf8 |= nonAscii(validatedUtf8);
    }

    public int recipientCount() {
        return recipients;
    }

    /** Recipient {@code i}'s outcome; valid once the listener was called, until the next {@link #reset}. */
    public DeliveryStatus status(int i) {
        return statuses[i];
    }

    /** The reply that decided recipient {@code i}: its RCPT reply when refused, the MAIL reply when MAIL was, else the final one. */
    public SmtpReply reply(int i) {
        return replies[i];
    }

    /** The session it went over, or null when it never reached one. */
    public SessionInfo session() {
        return session;
    }

    /** See {@link TransactionResult#mailToDataNanos()}. */
    public long mailToDataNanos() {
        return mailToDataNanos;
    }

    /** See {@link TransactionResult#endOfDataNanos()}. */
    public long endOfDataNanos() {
        return endOfDataNanos;
    }

    /** Called by {@link SmtpConnection#send(ReusableTransaction)}. */
    void submitVia(SmtpConnection connection) {
        if (recipients == 0) {
            throw new IllegalStateException("a transaction needs at least one recipient");
        }
        via = connection;
        connection.runOnLoop(submitTask);
    }

    private void submitOnLoop() {
        SmtpConnection c = via;
        via = null;
        c.submit(this);
    }

    @Override
    EmailAddress sender() {
        return sender;
    }

    @Override
    MessageContent content() {
        return content;
    }

    @Override
    DsnOptions dsn() {
        return dsn;
    }

    @Override
    byte[] recipientUtf8(int i) {
        return addresses[i];
    }

    @Override
    boolean needsSmtpUtf8() {
        return needsSmtpUtf8;
    }

    @Override
    void settled(int i, DeliveryStatus status, SmtpReply reply) {
        statuses[i] = status;
        replies[i] = reply;
    }

    @Override
    void completed(SessionInfo session, long mailToDataNanos, long endOfDataNanos) {
        this.session = session;
        this.mailToDataNanos = mailToDataNanos;
        this.endOfDataNanos = endOfDataNanos;
        listener.transactionDone(this);
    }
}
