/**
 * The spool: the durable store of what the engine has accepted and not yet finished, in RocksDB
 * (rocksdbjni). Not wired into the engine yet; see docs/spool.md for how it will be.
 *
 * <h2>On disk</h2>
 *
 * One RocksDB in the spool directory, three column families (plus RocksDB's unused default):
 *
 * <ul>
 *   <li>{@code content}: key = the 16-byte {@link dev.salvo.spool.ContentId} (time-ordered: epoch
 *       millis and a counter, then 64 random bits); value = the message bytes, CRLF-normalised, once
 *       per content, so a campaign's message is stored once however many recipients it has.
 *   <li>{@code recipients}: key = content id + recipient sequence as 4 big-endian bytes, so one
 *       content's recipients are contiguous and in order, and a purge is one range delete; value =
 *       the compact record of {@link dev.salvo.spool.RecipientCodec} (address UTF-8, attempts, next
 *       attempt, first seen, last reply code, enhanced code and short text, state): 26 bytes plus the
 *       address and the reply.
 *   <li>{@code meta}: {@code format} = the spool format version (4 bytes, big-endian, now 1). A spool
 *       in another format, or with none, refuses to open ({@link dev.salvo.spool.SpoolCorruptException}).
 * </ul>
 *
 * <h2>Durability</h2>
 *
 * Every write returns a future that completes once the write is durable in the chosen
 * {@link dev.salvo.spool.Durability}. One writer thread ({@link dev.salvo.spool.SpoolWriter})
 * drains a bounded JCTools MPSC queue into one {@code WriteBatch} and one {@code write}: in SYNC
 * mode with the WAL fsync'd, so concurrent submitters share one fsync (group commit); in BATCHED
 * mode without, and the WAL is fsync'd at least once per window. MEMORY keeps everything in maps.
 *
 * <p>A recipient is removed when it is final; removing a content's last recipient deletes the
 * content in the same batch. The per-content counts that make this possible live in memory
 * ({@link dev.salvo.spool.RemainingCounts}) and are rebuilt from the recipient keys on open.
 *
 * <h2>Failures</h2>
 *
 * A failed write (disk full, I/O error) fails its futures with
 * {@link dev.salvo.spool.SpoolUnavailableException} and marks the spool unhealthy until a write
 * succeeds; the engine should then refuse new submissions with a temporary error. Corruption found
 * on open or scan throws {@link dev.salvo.spool.SpoolCorruptException}, whose message gives the
 * repair path.
 */
package dev.salvo.spool;
