package dev.salvo.engine;

import dev.salvo.events.EventLog;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.SmtpReply;
import dev.salvo.spool.ContentId;
import dev.salvo.spool.RecipientKey;
import dev.salvo.spool.Spool;
import dev.salvo.spool.SpoolCorruptException;
import dev.salvo.spool.SpooledRecipient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * What the engine writes to the spool, and when: a submission before it is acknowledged, a
 * recipient's state as it changes (in flight, deferred), and its removal once its final event is
 * out; and, at start, everything pending read back into envelopes and recipients.
 *
 * <p>The spool keeps wall-clock milliseconds, the engine its injected nanosecond clock: this class
 * converts between them with one pair of readings taken when it was made.
 *
 * <p>Writes are fire and forget except the submission's: losing a state update only means an
 * earlier retry, and losing a removal only means a recipient that is sent again after a crash,
 * which the "in flight" state reports. Nothing here blocks the dispatch thread.
 */
final class SpoolKeeper {
    private static final System.Logger LOG = System.getLogger("dev.salvo.engine");
    /** The reply on the event of a recipient found in flight at start. */
    static final SmtpReply RESENT = SmtpReply.local(451, "4.3.0",
            "Salvo stopped while this recipient was in flight; it is sent again and may arrive twice");

    private final Spool spool;
    private final EventLog events;
    private final LongSupplier nanos;
    private final long wall0;
    private final long nano0;
    /** Final recipients whose events are not yet known to be written; dispatch thread only. */
    private List<RecipientKey> removals = new ArrayList<>();

    SpoolKeeper(Spool spool, EventLog events, LongSupplier nanos, Clock wall) {
        this.spool = spool;
        this.events = events;
        this.nanos = nanos;
        this.nano0 = nanos.getAsLong();
        this.wall0 = wall.millis();
    }

    Spool spool() {
        return spool;
    }

    boolean healthy() {
        return spool.healthy();
    }

    String health() {
        return spool.health();
    }

    long epochMillis(long engineNanos) {
        return wall0 + Math.floorDiv(engineNanos - nano0, 1_000_000L);
    }

    long engineNanos(long epochMillis) {
        return nano0 + (epochMillis - wall0) * 1_000_000L;
    }

    // ---- on submit (any thread) ----

    /**
     * Writes the envelope, its message and every recipient in one batch. The message bytes are
     * copied here, on the submitter's thread.
     */
    CompletableFuture<Void> store(Envelope env, List<EmailAddress> recipients, long campaignRowsDone) {
        ByteBuf b = env.content.bdatPayload();
        byte[] message;
        try {
            message = ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
        byte[] record = new SpooledEnvelope(env.sender, env.campaignId, env.dsn, message).encode();
        long firstSeen = epochMillis(env.firstSeen);
        List<SpooledRecipient> rs = new ArrayList<>(recipients.size());
        for (EmailAddress a : recipients) {
            rs.add(SpooledRecipient.queued(a.utf8Bytes(), firstSeen));
        }
        return campaignRowsDone >= 0 && env.campaignId != null
                ? spool.putMessage(env.contentId, record, rs, env.campaignId, campaignRowsDone)
                : spool.putMessage(env.contentId, record, rs);
    }

    // ---- as recipients change (dispatch thread) ----

    /**
     * Marks a transaction's recipients in flight, then runs {@code send} once the marks are as durable
     * as the spool's mode makes them, so that a recipient a server may have taken is always found
     * "in flight" after a crash. The send goes ahead even if the marks fail (delivery goes on while
     * the spool is unhealthy). {@code send} runs on the spool's writer thread: it must only hand the
     * transaction to its connection.
     */
    void sending(QueuedRecipient[] batch, Runnable send) {
        CompletableFuture<Void> last = null;
        for (QueuedRecipient r : batch) {
            last = spool.updateRecipient(key(r), record(r, SpooledRecipient.State.SENDING));
        }
        // One submitter's writes are applied in order, so the last mark done means every mark is done.
        last.whenComplete((v, ex) -> send.run());
    }

    void deferred(QueuedRecipient r) {
        spool.updateRecipient(key(r), record(r, SpooledRecipient.State.DEFERRED));
    }

    /** A final outcome was recorded: forget the recipient once its event is written. */
    void finished(QueuedRecipient r) {
        if (events == null) {
            spool.removeRecipient(key(r)); // no events file: the listeners have run, nothing more to wait for
        } else {
            removals.add(key(r));
        }
    }

    /** End of a dispatch pass: the removals of this pass go after the events appended so far. */
    void endOfPass() {
        if (removals.isEmpty()) {
            return;
        }
        List<RecipientKey> these = removals;
        removals = new ArrayList<>();
        events.afterWritten(() -> {
            for (RecipientKey k : these) {
                spool.removeRecipient(k);
            }
        });
    }

    private static RecipientKey key(QueuedRecipient r) {
        return new RecipientKey(r.envelope.contentId, r.sequence);
    }

    private SpooledRecipient record(QueuedRecipient r, SpooledRecipient.State state) {
        SmtpReply last = r.lastReply;
        return new SpooledRecipient(r.addressBytes(), r.attempts, state == SpooledRecipient.State.DEFERRED ? epochMillis(r.nextAttempt) : 0,
                epochMillis(r.firstSeen()), last == null ? 0 : last.code(),
                last == null || last.enhancedCode() == null ? "" : last.enhancedCode(), last == null ? "" : last.text(), state);
    }

    // ---- at start (the thread that starts the engine) ----

    /** What the spool held at start: recipients to queue again, and those found in flight. */
    record Resumed(List<QueuedRecipient> recipients, List<QueuedRecipient> inFlight, int envelopes, int orphans) {}

    /**
     * Reads the spool back. Each content becomes an envelope (its message parsed once, as at
     * submission) when its first recipient is read; a content with no recipient left (a crash
     * between a final removal and the content's own) is purged.
     *
     * @throws SpoolCorruptException when a record cannot be read or a recipient has no content
     */
    Resumed resume() {
        long now = nanos.getAsLong();
        Map<ContentId, SpooledEnvelope> contents = new HashMap<>();
        Map<ContentId, Envelope> envelopes = new HashMap<>();
        List<QueuedRecipient> out = new ArrayList<>();
        List<QueuedRecipient> inFlight = new ArrayList<>();
        spool.scan((id, bytes) -> {
            try {
                contents.put(id, SpooledEnvelope.decode(bytes));
            } catch (IllegalStateException e) {
                throw new SpoolCorruptException("the spool holds a content record Salvo cannot read (" + id + "): "
                        + e.getMessage() + ". Salvo will not start on it; see docs/spool.md, \"When it will not open\".", e);
            }
        }, (key, rec) -> {
            Envelope env = envelopes.get(key.content());
            if (env == null) {
                SpooledEnvelope se = contents.remove(key.content());
                if (se == null) {
                    throw new SpoolCorruptException("the spool holds recipient " + key.sequence() + " of content " + key.content()
                            + " but not the content. Salvo will not start on it; see docs/spool.md, \"When it will not open\".", null);
                }
                MessageContent m;
                try {
                    m = MessageContent.of(se.message());
                } catch (RuntimeException e) {
                    throw new SpoolCorruptException("the spooled message " + key.content() + " no longer parses: " + e.getMessage()
                            + ". Salvo will not start on it; see docs/spool.md.", e);
                }
                env = new Envelope(se.sender(), m, se.campaignId(), se.dsn(), 0, engineNanos(rec.firstSeen()), key.content());
                envelopes.put(key.content(), env);
            }
            env.recipientAdded();
            QueuedRecipient q = new QueuedRecipient(env, rec.address(), key.sequence());
            q.attempts = rec.attempts();
            q.nextAttempt = rec.state() == SpooledRecipient.State.DEFERRED ? engineNanos(rec.nextAttempt()) : now;
            if (rec.lastCode() != 0) {
                q.lastReply = SmtpReply.local(rec.lastCode(), rec.lastEnhanced().isEmpty() ? null : rec.lastEnhanced(), rec.lastText());
            }
            out.add(q);
            if (rec.state() == SpooledRecipient.State.SENDING) {
                inFlight.add(q);
            }
        });
        for (ContentId orphan : contents.keySet()) {
            spool.purgeContent(orphan);
        }
        if (!out.isEmpty() || !contents.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "resumed " + out.size() + " recipients of " + envelopes.size() + " messages from the spool ("
                    + inFlight.size() + " possibly sent twice)" + (contents.isEmpty() ? "" : "; purged " + contents.size()
                    + " messages that had no recipient left"));
        }
        return new Resumed(out, inFlight, envelopes.size(), contents.size());
    }
}
