package dev.salvo.spool;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One write on its way into a batch: encoded on the submitter's thread (so the writer thread only
 * copies bytes), applied to a batch on the writer thread, and acknowledged through {@link #done}
 * when that batch is durable.
 */
abstract class PendingWrite {
    final CompletableFuture<Void> done = new CompletableFuture<>();

    /** Adds this write to a batch; a content whose last recipient goes is deleted with it. */
    abstract void apply(Mutations batch, RemainingCounts counts);

    /**
     * Whether SYNC mode must fsync before acknowledging this write. Puts must (they acknowledge
     * mail). A state update or a removal need not: once in the WAL file (the page cache) it
     * survives a killed process, and losing one to a power cut means only an earlier retry or a
     * recipient sent again, never one lost; they are fsync'd with the next put, or within
     * {@link SpoolWriter#LAZY_SYNC}.
     */
    boolean needsSync() {
        return true;
    }

    static final class PutContent extends PendingWrite {
        private final byte[] key;
        private final byte[] bytes;

        PutContent(ContentId id, byte[] bytes) {
            this.key = Keys.content(id);
            this.bytes = bytes;
        }

        @Override
        void apply(Mutations batch, RemainingCounts counts) {
            batch.putContent(key, bytes);
        }
    }

    static final class PutRecipients extends PendingWrite {
        private final ContentId content;
        private final byte[][] keys;
        private final byte[][] records;

        PutRecipients(ContentId content, int firstSequence, List<SpooledRecipient> recipients) {
            this.content = content;
            this.keys = new byte[recipients.size()][];
            this.records = new byte[recipients.size()][];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = Keys.recipient(new RecipientKey(content, Math.addExact(firstSequence, i)));
                records[i] = RecipientCodec.encode(recipients.get(i));
            }
        }

        @Override
        void apply(Mutations batch, RemainingCounts counts) {
            for (int i = 0; i < keys.length; i++) {
                batch.putRecipient(keys[i], records[i]);
            }
            counts.add(content, keys.length);
        }
    }

    /** A content and its first recipients, in one batch. */
    static final class PutMessage extends PendingWrite {
        private final PutContent content;
        private final PutRecipients recipients;

        private final byte[] campaignKey;
        private final long rowsDone;

        PutMessage(ContentId id, byte[] record, List<SpooledRecipient> recipients) {
            this(id, record, recipients, null, 0);
        }

        PutMessage(ContentId id, byte[] record, List<SpooledRecipient> recipients, byte[] campaignKey, long rowsDone) {
            this.content = new PutContent(id, record);
            this.recipients = new PutRecipients(id, 0, recipients);
            this.campaignKey = campaignKey;
            this.rowsDone = rowsDone;
        }

        @Override
        void apply(Mutations batch, RemainingCounts counts) {
            content.apply(batch, counts);
            recipients.apply(batch, counts);
            if (campaignKey != null) {
                batch.putMeta(campaignKey, java.nio.ByteBuffer.allocate(Long.BYTES).putLong(rowsDone).array());
            }
        }
    }

    /** The meta value of a campaign: rows taken, and the content id of its template while it is open. */
    static byte[] campaignValue(long rows, ContentId template) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(Long.BYTES + (template == null ? 0 : ContentId.BYTES)).putLong(rows);
        if (template != null) {
            template.write(b);
        }
        return b.array();
    }

    /** A campaign's template, stored once and kept (pinned) while the campaign is open. */
    static final class OpenCampaign extends PendingWrite {
        private final PutContent content;
        private final ContentId id;
        private final byte[] key;
        private final long rows;

        OpenCampaign(byte[] key, ContentId id, byte[] record, long rows) {
            this.content = new PutContent(id, record);
            this.id = id;
            this.key = key;
            this.rows = rows;
        }

        @Override
        void apply(Mutations batch, RemainingCounts counts) {
            content.apply(batch, counts);
            batch.putMeta(key, campaignValue(rows, id));
            counts.pin(id);
        }
    }

    /** Campaign recipients and the campaign's row count, in one batch. */
    static final class PutCampaignRecipients extends PendingWrite {
        private final PutRecipients recipients;
        private final byte[] key;
        private final byte[] value;

        PutCampaignRecipients(ContentId id, int firstSequence, List<SpooledRecipient> recipients, byte[] key, long rows) {
            this.recipients = new PutRecipients(id, firstSequence, recipients);
            this.key = key;
            this.value = campaignValue(rows, id);
        }

        @Override
        void apply(Mutations batch, RemainingCounts counts) {
            recipients.apply(batch, counts);
            batch.putMeta(key, value);
        }
    }

    /**
     * Ends a campaign: its template is no longer kept for rows to come (it goes with its last
     * recipient, or now if none is left); with {@code keepRows} the row count stays, so the same
     * campaign run again sends nothing, else the record goes too.
     */
    static final class CloseCampaign extends PendingWrite {
        private final byte[] key;
        private final ContentId template;
        private final long rows;
        private final boolean keepRows;

        CloseCampaign(byte[] key, ContentId template, long rows, boolean keepRows) {
            this.key = key;
            this.template = template;
            this.rows = rows;
            this.keepRows = keepRows;
        }

        @Override
        void apply(Mutations batch, RemainingCounts counts) {
            if (keepRows) {
                batch.putMeta(key, campaignValue(rows, null));
            } else {
                batch.deleteMeta(key);
            }
            if (template != null) {
                counts.unpin(template);
                if (counts.get(template) == 0) {
                    batch.deleteContent(Keys.content(template));
                }
            }
        }
    }

    static final class UpdateRecipient extends PendingWrite {
        private final byte[] key;
        private final byte[] record;

        UpdateRecipient(RecipientKey key, SpooledRecipient recipient) {
            this.key = Keys.recipient(key);
            this.record = RecipientCodec.encode(recipient);
        }

        @Override
        boolean needsSync() {
            return false;
        }

        @Override
        void apply(Mutations batch, RemainingCounts counts) {
            batch.putRecipient(key, record);
        }
    }

    static final class RemoveRecipient extends PendingWrite {
        private final RecipientKey key;

        RemoveRecipient(RecipientKey key) {
            this.key = key;
        }

        @Override
        boolean needsSync() {
            return false;
        }

        @Override
        void apply(Mutations batch, RemainingCounts counts) {
            batch.deleteRecipient(Keys.recipient(key));
            if (counts.removeOne(key.content()) == 0 && !counts.pinned(key.content())) {
                batch.deleteContent(Keys.content(key.content()));
            }
        }
    }

    static final class PurgeContent extends PendingWrite {
        private final ContentId content;

        PurgeContent(ContentId content) {
            this.content = content;
        }

        @Override
        void apply(Mutations batch, RemainingCounts counts) {
            batch.deleteRecipients(Keys.content(content), Keys.recipientsEnd(content));
            batch.deleteContent(Keys.content(content));
            counts.forget(content);
        }
    }
}
