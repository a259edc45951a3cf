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

    /** One campaign row: its recipient record with merge fields, and the campaign's row count, in one batch. */
    CompletableFuture<Void> storeRow(Envelope env, EmailAddress recipient) {
        SpooledRecipient r = SpooledRecipient.queued(recipient.utf8Bytes(), epochMillis(env.firstSeen), env.fields);
        return spool.putRecipients(env.contentId, env.firstSequence, List.of(r), env.campaignId, env.firstSequence);
    }

    // ---- campaigns (the injector's thread) ----

    /** Open campaigns' templates: from the scan at start, and as campaigns open. */
    private final Map<String, ContentId> campaignTemplates = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<ContentId, byte[]> templateRecords = new java.util.concurrent.ConcurrentHashMap<>();

    /** The content id of an open campaign's template, or null. */
    ContentId campaignTemplate(String campaign) {
        return campaignTemplates.get(campaign);
    }

    /** Stores the template unless the spool holds this campaign already; returns the record in force. */
    byte[] openCampaign(String campaign, EmailAddress sender, dev.salvo.smtp.DsnOptions dsn, byte[] template) {
        ContentId stored = spool.campaignContent(campaign);
        if (stored != null) {
            byte[] record = templateRecords.get(stored);
            if (record == null) {
                throw new SpoolCorruptException("the spool names a template for campaign " + campaign + " (" + stored
                        + ") but does not hold it; see docs/spool.md", null);
            }
            campaignTemplates.put(campaign, stored);
            return record;
        }
        ContentId id = ContentId.next();
        spool.openCampaign(campaign, id, new SpooledEnvelope(sender, campaign, dsn, template, true).encode()).join();
        templateRecords.put(id, template);
        campaignTemplates.put(campaign, id);
        return template;
    }

    void closeCampaign(String campaign) {
        if (campaignTemplates.remove(campaign) != null) {
            spool.closeCampaign(campaign).join();
        }
    }

    // ---- as recipients change (dispatch thread) ----

    /**
     * Marks a transaction's recipients in flight, then runs {@code send} once the marks are as durable
     * as the spool's mode makes them, so that a recipient a server may have taken is always found
     * "in flight" after a crash. The send goes ahead even if the marks fail (delivery goes on while
     * the spool is unhealthy). {@code send} runs on the spool's writer thread: it must only hand the
     * transaction to its connection.
     */
    void sending(Completion.Sent batch, Runnable send) {
        CompletableFuture<Void> last = null;
        for (int i = 0; i < batch.count(); i++) {
            QueuedRecipient r = batch.recipient(i);
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
                last == null || last.enhancedCode() == null ? "" : last.enhancedCode(), last == null ? "" : last.text(), state,
                r.envelope.fields);
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
    Resumed resume(java.util.function.Function<String, dev.salvo.api.CampaignRenderer> renderers) {
        long now = nanos.getAsLong();
        Map<ContentId, SpooledEnvelope> contents = new HashMap<>();
        Map<ContentId, SpooledEnvelope> campaigns = new HashMap<>();
        Map<String, Integer> waiting = new java.util.TreeMap<>();
        Map<ContentId, Envelope> envelopes = new HashMap<>();
        List<QueuedRecipient> out = new ArrayList<>();
        List<QueuedRecipient> inFlight = new ArrayList<>();
        spool.scan((id, bytes) -> {
            try {
                SpooledEnvelope se = SpooledEnvelope.decode(bytes);
                if (se.campaign()) {
                    campaigns.put(id, se);
                    templateRecords.put(id, se.message());
                    if (id.equals(spool.campaignContent(se.campaignId()))) {
                        campaignTemplates.put(se.campaignId(), id);
                    }
                } else {
                    contents.put(id, se);
                }
            } catch (IllegalStateException e) {
                throw new SpoolCorruptException("the spool holds a content record Salvo cannot read (" + id + "): "
                        + e.getMessage() + ". Salvo will not start on it; see docs/spool.md, \"When it will not open\".", e);
            }
        }, (key, rec) -> {
            SpooledEnvelope template = campaigns.get(key.content());
            if (template != null) {
                QueuedRecipient q = rendered(template, key, rec, renderers.apply(template.campaignId()), now);
                if (q == null) {
                    waiting.merge(template.campaignId(), 1, Integer::sum);
                    return;
                }
                out.add(q);
                if (rec.state() == SpooledRecipient.State.SENDING) {
                    inFlight.add(q);
                }
                return;
            }
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
            restore(q, rec, now);
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
        waiting.forEach((campaign, n) -> LOG.log(System.Logger.Level.WARNING, n + " recipients of campaign " + campaign
                + " stay in the spool: this run cannot render them (run `salvo send --campaign " + campaign
                + "` with its template and list again to resume it)"));
        return new Resumed(out, inFlight, envelopes.size(), contents.size());
    }

    private void restore(QueuedRecipient q, SpooledRecipient rec, long now) {
        q.attempts = rec.attempts();
        q.nextAttempt = rec.state() == SpooledRecipient.State.DEFERRED ? engineNanos(rec.nextAttempt()) : now;
        if (rec.lastCode() != 0) {
            q.lastReply = SmtpReply.local(rec.lastCode(), rec.lastEnhanced().isEmpty() ? null : rec.lastEnhanced(), rec.lastText());
        }
    }

    /**
     * A campaign recipient rendered again from its template and merge fields (one envelope per row,
     * as when it was submitted), or null when no renderer is given or rendering fails: then it stays
     * in the spool, untouched, for a run that can render it.
     */
    private QueuedRecipient rendered(SpooledEnvelope template, RecipientKey key, SpooledRecipient rec,
            dev.salvo.api.CampaignRenderer renderer, long now) {
        if (renderer == null) {
            return null;
        }
        MessageContent m;
        EmailAddress sender;
        try {
            EmailAddress to = EmailAddress.fromValidatedUtf8(rec.address());
            sender = renderer.returnPath(template.sender(), to, key.sequence());
            m = renderer.render(template.message(), to, rec.fields() == null ? new byte[0] : rec.fields(), key.sequence());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "campaign " + template.campaignId() + " row " + key.sequence() + " ("
                    + rec.addressText() + ") cannot be rendered again, so it stays in the spool: " + e.getMessage());
            return null;
        }
        Envelope env = new Envelope(sender, m, template.campaignId(), template.dsn(), 1, engineNanos(rec.firstSeen()),
                key.content(), key.sequence(), rec.fields());
        QueuedRecipient q = new QueuedRecipient(env, rec.address(), key.sequence());
        restore(q, rec, now);
        return q;
    }
}
