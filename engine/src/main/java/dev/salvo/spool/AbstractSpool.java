package dev.salvo.spool;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What both spools share: validating and encoding a write on the caller's thread, and the health
 * flag. Subclasses decide how a {@link PendingWrite} becomes durable.
 */
abstract class AbstractSpool implements Spool {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /** Null while healthy. */
    private volatile String trouble;

    /** Queues or applies the write; completes (or fails) {@code write.done} once durable. */
    abstract void submit(PendingWrite write);

    @Override
    public final CompletableFuture<Void> putContent(ContentId id, byte[] message) {
        return send(new PendingWrite.PutContent(id, crlf(message)));
    }

    @Override
    public final CompletableFuture<Void> putRecipients(ContentId id, int firstSequence, List<SpooledRecipient> recipients) {
        return send(new PendingWrite.PutRecipients(id, firstSequence, recipients));
    }

    @Override
    public final CompletableFuture<Void> putMessage(ContentId id, byte[] record, List<SpooledRecipient> recipients) {
        return send(new PendingWrite.PutMessage(id, record, recipients));
    }

    @Override
    public final CompletableFuture<Void> putMessage(ContentId id, byte[] record, List<SpooledRecipient> recipients, String campaign,
            long rowsDone) {
        return send(new PendingWrite.PutMessage(id, record, recipients, Keys.campaign(campaign), rowsDone));
    }

    @Override
    public final CompletableFuture<Void> forgetCampaign(String campaign) {
        return send(new PendingWrite.CloseCampaign(Keys.campaign(campaign), campaignContent(campaign), 0, false));
    }

    @Override
    public final CompletableFuture<Void> openCampaign(String campaign, ContentId template, byte[] record) {
        // A campaign closed before keeps its row count: opening it again must not start it over.
        return send(new PendingWrite.OpenCampaign(Keys.campaign(campaign), template, record, Math.max(0, campaignRows(campaign))));
    }

    @Override
    public final CompletableFuture<Void> putRecipients(ContentId id, int firstSequence, List<SpooledRecipient> recipients,
            String campaign, long rowsDone) {
        return send(new PendingWrite.PutCampaignRecipients(id, firstSequence, recipients, Keys.campaign(campaign), rowsDone));
    }

    @Override
    public final CompletableFuture<Void> closeCampaign(String campaign) {
        long rows = Math.max(0, campaignRows(campaign));
        return send(new PendingWrite.CloseCampaign(Keys.campaign(campaign), campaignContent(campaign), rows, true));
    }

    @Override
    public final long campaignRows(String campaign) {
        byte[] v = readMeta(Keys.campaign(campaign));
        return v == null || v.length < Long.BYTES ? -1 : java.nio.ByteBuffer.wrap(v).getLong();
    }

    @Override
    public final ContentId campaignContent(String campaign) {
        byte[] v = readMeta(Keys.campaign(campaign));
        if (v == null || v.length != Long.BYTES + ContentId.BYTES) {
            return null;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(v, Long.BYTES, ContentId.BYTES);
        return new ContentId(b.getLong(), b.getLong());
    }

    /** A value of the meta column family, or null. */
    abstract byte[] readMeta(byte[] key);

    @Override
    public final CompletableFuture<Void> updateRecipient(RecipientKey key, SpooledRecipient recipient) {
        return send(new PendingWrite.UpdateRecipient(key, recipient));
    }

    @Override
    public final CompletableFuture<Void> removeRecipient(RecipientKey key) {
        return send(new PendingWrite.RemoveRecipient(key));
    }

    @Override
    public final CompletableFuture<Void> purgeContent(ContentId id) {
        return send(new PendingWrite.PurgeContent(id));
    }

    private CompletableFuture<Void> send(PendingWrite write) {
        submit(write);
        return write.done;
    }

    @Override
    public final boolean healthy() {
        return trouble == null;
    }

    @Override
    public final String health() {
        String t = trouble;
        return t == null ? "ok" : t;
    }

    final void unhealthy(String why) {
        trouble = why;
    }

    final void recovered() {
        if (trouble != null) {
            trouble = null;
        }
    }

    /** The message with every bare CR, bare LF and CRLF as CRLF; the same array when it already is. */
    static byte[] crlf(byte[] m) {
        int extra = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i] == CR && (i + 1 == m.length || m[i + 1] != LF) || m[i] == LF && (i == 0 || m[i - 1] != CR)) {
                extra++;
            }
        }
        if (extra == 0) {
            return m;
        }
        byte[] out = new byte[m.length + extra];
        int o = 0;
        for (int i = 0; i < m.length; i++) {
            byte b = m[i];
            if (b == CR) {
                out[o++] = CR;
                out[o++] = LF;
                if (i + 1 < m.length && m[i + 1] == LF) {
                    i++;
                }
            } else if (b == LF) {
                out[o++] = CR;
                out[o++] = LF;
            } else {
                out[o++] = b;
            }
        }
        return out;
    }
}
