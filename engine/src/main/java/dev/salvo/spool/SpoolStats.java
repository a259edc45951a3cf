package dev.salvo.spool;

import java.util.Map;

/**
 * The spool at one moment.
 *
 * @param pendingByContent recipients not yet final, per content (so per campaign)
 * @param sstBytes RocksDB's {@code rocksdb.total-sst-files-size} over all column families
 * @param walBytes the write-ahead log files
 * @param batches write batches committed since open
 * @param syncs WAL fsyncs since open; in SYNC mode one per batch, however many writes shared it
 */
public record SpoolStats(Map<ContentId, Integer> pendingByContent, long sstBytes, long walBytes, long batches, long syncs) {
    public long pendingRecipients() {
        long n = 0;
        for (int c : pendingByContent.values()) {
            n += c;
        }
        return n;
    }

    public long diskBytes() {
        return sstBytes + walBytes;
    }
}
