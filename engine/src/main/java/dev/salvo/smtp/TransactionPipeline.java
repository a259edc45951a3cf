package dev.salvo.smtp;

import static dev.salvo.smtp.InFlightQueue.BDAT;
import static dev.salvo.smtp.InFlightQueue.DATA;
import static dev.salvo.smtp.InFlightQueue.END_OF_DATA;
import static dev.salvo.smtp.InFlightQueue.MAIL;
import static dev.salvo.smtp.InFlightQueue.RCPT;
import static dev.salvo.smtp.InFlightQueue.RSET;

import java.util.ArrayDeque;

/**
 * Mail transactions on one open session: writes each transaction's commands, pipelined in groups
 * when the server offers PIPELINING (RFC 2920) and one at a time when it does not, and matches the
 * replies to recipients.
 *
 * <p>With pipelining a transaction is two round trips at most and, in steady state, one: MAIL, every
 * RCPT and DATA go in one flush (RFC 2920 §3.1: DATA ends a group); after the 354 the body goes out
 * in the same flush as the next transaction's group. With CHUNKING the body rides along with the
 * group as one "BDAT n LAST" chunk (RFC 3030 §4.2).
 *
 * <p>RSET is sent only where a reused connection needs it: after a transaction whose MAIL was
 * accepted but which never reached a completed end of data. Never before the first message.
 *
 * <p>Confined to the connection's event loop, like the handler that owns it.
 */
final class TransactionPipeline {
    private final SmtpClientHandler session;
    private final ArrayDeque<TransactionState> waiting = new ArrayDeque<>();
    private final int maxWaiting;
    /** The transaction whose command group is out and not yet past DATA (or wholly, without pipelining). */
    private TransactionState commanding;
    private boolean needsRset;
    private boolean pipelined;
    private boolean chunking;

    TransactionPipeline(SmtpClientHandler session, int maxWaiting) {
        this.session = session;
        this.maxWaiting = maxWaiting;
    }

    /** Called once the session is open: decides how this connection sends. */
    void ready(boolean pipelined, boolean chunking) {
        this.pipelined = pipelined;
        this.chunking = chunking;
        writeNext();
    }

    /** Queues a transaction; false when this connection already has its fill waiting. */
    boolean submit(TransactionState t) {
        if (waiting.size() >= maxWaiting) {
            return false;
        }
        waiting.add(t);
        if (session.isReady()) {
            writeNext();
        }
        return true;
    }

    /** Nothing written, nothing waiting: the connection may QUIT or take more. */
    boolean idle() {
        return commanding == null && waiting.isEmpty() && session.nothingInFlight();
    }

    boolean isCommanding(TransactionState t) {
        return commanding == t;
    }

    int backlog() {
        return waiting.size() + (commanding == null ? 0 : 1);
    }

    void writeNext() {
        while (commanding == null && !waiting.isEmpty() && session.isReady()) {
            TransactionState t = waiting.peek();
            // RSET, MAIL, each RCPT, DATA and the end of data: all must fit in the in-flight bound.
            if (session.inFlightRemaining() < t.recipients + 4) {
                return;
            }
            waiting.poll();
            SmtpReply refusal = LocalChecks.refusal(t, session.capabilities());
            if (refusal != null) {
                t.complete(refusal, null, session.info());
                continue;
            }
            start(t);
        }
        if (idle()) {
            session.onIdle();
        }
    }

    private void start(TransactionState t) {
        commanding = t;
        t.bdat = chunking;
        if (needsRset) {
            needsRset = false;
            session.buffer().writeBytes(CommandEncoder.RSET);
            session.expect(RSET, t, 0);
            if (!pipelined) {
                return; // lockstep: MAIL goes out when RSET is answered
            }
        }
        writeMail(t);
    }

    private void writeMail(TransactionState t) {
        t.mailSent = session.now();
        EhloCapabilities caps = session.capabilities();
        CommandEncoder.mail(session.buffer(), t.sender(), t.content().size(), caps.sizeLimit() >= 0,
                t.content().has8BitContent(), t.needsSmtpUtf8(), t.dsn(), caps.dsn());
        session.expect(MAIL, t, 0);
        if (pipelined) {
            for (int i = 0; i < t.recipients; i++) {
                writeRcpt(t, i);
            }
            writeBodyCommand(t);
        }
    }

    private void writeRcpt(TransactionState t, int i) {
        CommandEncoder.rcpt(session.buffer(), t.recipientUtf8(i), t.dsn(), session.capabilities().dsn());
        session.expect(RCPT, t, i);
    }

    private void writeBodyCommand(TransactionState t) {
        if (t.bdat) {
            CommandEncoder.bdatLast(session.buffer(), t.content().size());
            session.writePayload(t.content().bdatPayload());
            session.expect(BDAT, t, 0);
        } else {
            session.buffer().writeBytes(CommandEncoder.DATA);
            session.expect(DATA, t, 0);
        }
    }

    /** A reply to one of our transaction commands, in order. */
    void onReply(byte kind, TransactionState t, int index, SmtpReply r) {
        switch (kind) {
            case RSET -> {
                if (!pipelined && !t.done) {
                    writeMail(t);
                }
            }
            case MAIL -> {
                t.mailReply = r;
                if (!pipelined) {
                    if (r.isPositive()) {
                        writeRcpt(t, 0);
                    } else {
                        finish(t, r);
                    }
                }
            }
            case RCPT -> onRcpt(t, index, r);
            case DATA -> onData(t, r);
            case END_OF_DATA -> finish(t, r);
            case BDAT -> {
                // RFC 3030 §2: a failed BDAT leaves the transaction to be reset before the next MAIL.
                if (!r.isPositive() && t.mailAccepted()) {
                    needsRset = true;
                }
                finish(t, r);
            }
            default -> throw new IllegalStateException("not a transaction reply: " + InFlightQueue.name(kind));
        }
        writeNext();
    }

    private void onRcpt(TransactionState t, int index, SmtpReply r) {
        t.rcptReplies[index] = r;
        if (t.bdat && index == t.recipients - 1) {
            t.bodyReleased = session.now();
        }
        if (r.isPositive()) {
            t.accepted++;
        }
        if (pipelined || t.done) {
            return;
        }
        if (index + 1 < t.recipients) {
            writeRcpt(t, index + 1);
        } else if (t.accepted == 0) {
            needsRset = true; // MAIL was accepted; the transaction is open until reset
            finish(t, r);
        } else {
            writeBodyCommand(t);
        }
    }

    private void onData(TransactionState t, SmtpReply r) {
        if (r.code() == 354) {
            t.bodyReleased = session.now();
            if (t.mailAccepted() && t.accepted > 0) {
                session.writePayload(t.content().dataPayload());
            } else {
                // RFC 2920 §3.1: every recipient was refused, yet DATA got 354; end it with a lone ".".
                session.buffer().writeBytes(CommandEncoder.LONE_DOT);
            }
            session.expect(END_OF_DATA, t, 0);
            if (pipelined) {
                commanding = null; // the next group may share this flush with the body
            }
            return;
        }
        if (t.mailAccepted()) {
            needsRset = true;
        }
        finish(t, r);
    }

    private void finish(TransactionState t, SmtpReply r) {
        t.finished = session.now();
        t.complete(r, null, session.info());
        if (commanding == t) {
            commanding = null;
        }
    }

    /** The session broke: everything not yet answered is deferred with the reason. */
    void failAll(SmtpReply reason, SessionInfo info) {
        if (commanding != null) {
            commanding.complete(reason, DeliveryStatus.DEFERRED, info);
            commanding = null;
        }
        TransactionState t;
        while ((t = waiting.poll()) != null) {
            t.complete(reason, DeliveryStatus.DEFERRED, info);
        }
    }
}
