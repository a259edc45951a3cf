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

    static final class ForgetCampaign extends PendingWrite {
        private final byte[] key;

        ForgetCampaign(byte[] key) {
            this.key = key;
        }

        @Override
        void apply(Mutations batch, RemainingCounts counts) {
            batch.deleteMeta(key);
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
        void apply(Mutations batch, RemainingCounts counts) {
            batch.deleteRecipient(Keys.recipient(key));
            if (counts.removeOne(key.content()) == 0) {
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
