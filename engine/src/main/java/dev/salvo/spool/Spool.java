package dev.salvo.spool;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The durable store of what the engine has accepted and not yet finished: each content once, and
 * each recipient that has no final outcome yet. See the package documentation for the layout.
 *
 * <p>Every write returns a future that completes when the write is durable in the spool's
 * {@link Durability} mode, or fails with {@link SpoolUnavailableException} (nothing of that write
 * may be acknowledged). Writes may come from any thread; in the disk modes one writer thread
 * applies them in submission order per submitter and completes the futures. NOTE: the futures
 * complete on that writer thread, so dependent actions must not block (no {@code join()} on another
 * spool write there); use the {@code *Async} forms to move heavy work elsewhere.
 */
public interface Spool extends AutoCloseable {

    /**
     * Opens (creating if needed) the spool in {@code dir}; MEMORY ignores {@code dir}.
     *
     * @throws SpoolCorruptException if the directory is corrupt or in an unknown format
     * @throws SpoolUnavailableException if it cannot be opened for another reason (permissions, locked by another process)
     */
    static Spool open(Path dir, Durability durability) {
        return durability.mode() == Durability.Mode.MEMORY ? new MemorySpool() : RocksSpool.open(dir, durability);
    }

    /** Stores a message once; bare CR and LF are normalised to CRLF first. */
    CompletableFuture<Void> putContent(ContentId id, byte[] message);

    /**
     * Stores recipients {@code firstSequence}, {@code firstSequence + 1}, ... of a content in one
     * batch: all or none. Each sequence is put once; updates go through {@link #updateRecipient}.
     */
    CompletableFuture<Void> putRecipients(ContentId id, int firstSequence, List<SpooledRecipient> recipients);

    /**
     * Stores a content and its recipients 0, 1, ... in one batch: all or none, so a crash never
     * leaves a content without its recipients. Unlike {@link #putContent} the bytes are kept
     * exactly as given: the engine's record of an envelope and its message, already CRLF.
     */
    CompletableFuture<Void> putMessage(ContentId id, byte[] record, List<SpooledRecipient> recipients);

    /**
     * {@link #putMessage(ContentId, byte[], List)} that also records, in the same batch, how many rows
     * of a campaign's list are now in the spool ({@code rowsDone}), so a campaign run again after a
     * crash starts exactly after the last row that was kept: none twice, none missed.
     */
    CompletableFuture<Void> putMessage(ContentId id, byte[] record, List<SpooledRecipient> recipients, String campaign, long rowsDone);

    /** How many rows of the campaign's list were taken into the spool, or -1 if it never saw the campaign. */
    long campaignRows(String campaign);

    /**
     * Forgets a campaign's progress record (its recipients are not touched; its template goes with
     * its last recipient), so the same campaign id would start from its first row again.
     */
    CompletableFuture<Void> forgetCampaign(String campaign);

    /**
     * Stores a campaign's template once under {@code template}, and keeps it while the campaign is
     * open even when no recipient of it is left (rows may still come). Its recipients are put with
     * {@link #putRecipients(ContentId, int, List, String, long)}.
     */
    CompletableFuture<Void> openCampaign(String campaign, ContentId template, byte[] record);

    /** The content id of an open campaign's template, or null. */
    ContentId campaignContent(String campaign);

    /**
     * Stores recipients of an open campaign (with their merge fields) and, in the same batch, how
     * many rows of its list are taken.
     */
    CompletableFuture<Void> putRecipients(ContentId id, int firstSequence, List<SpooledRecipient> recipients, String campaign,
            long rowsDone);

    /**
     * The campaign has taken every row: its template is no longer kept for rows to come (it goes with
     * its last recipient). The row count stays, so running it again sends nothing.
     */
    CompletableFuture<Void> closeCampaign(String campaign);

    /** Stores recipients 0, 1, ... of a content whose recipients arrive in one list. */
    default CompletableFuture<Void> putRecipients(ContentId id, List<SpooledRecipient> recipients) {
        return putRecipients(id, 0, recipients);
    }

    /** Replaces what is kept of a recipient still in the spool (after a deferral). */
    CompletableFuture<Void> updateRecipient(RecipientKey key, SpooledRecipient recipient);

    /**
     * Forgets a recipient that has its final outcome, once. Removing a content's last recipient
     * deletes the content in the same batch.
     */
    CompletableFuture<Void> removeRecipient(RecipientKey key);

    /** Forgets a content and all its recipients (a cancelled campaign). */
    CompletableFuture<Void> purgeContent(ContentId id);

    /**
     * Reads everything back, for recovery at start: every content first, then every recipient in
     * key order (so by content, then sequence). Runs on the caller's thread.
     *
     * @throws SpoolCorruptException if a record cannot be read
     */
    void scan(BiConsumer<ContentId, byte[]> contents, BiConsumer<RecipientKey, SpooledRecipient> recipients);

    SpoolStats stats();

    /**
     * False after a write failed, until a later write succeeds; the engine should stop intake
     * meanwhile. NOTE: after a failed log write (disk full, I/O error) RocksDB refuses every write
     * until the spool is reopened, so in practice the spool stays unhealthy until then.
     */
    boolean healthy();

    /** "ok", or why the last write failed and what to do. */
    String health();

    /** Finishes the writes already submitted, fails later ones, and closes the files. */
    @Override
    void close();
}
