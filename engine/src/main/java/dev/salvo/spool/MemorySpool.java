package dev.salvo.spool;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * {@link Durability#MEMORY}: the same spool with no disk, for load tests that measure everything
 * but the disk. Writes are applied under one lock and acknowledged at once; everything is gone when
 * the process ends. A lock is fine here: it is held for a map update, never for I/O.
 */
final class MemorySpool extends AbstractSpool {
    private final NavigableMap<byte[], byte[]> contents = new TreeMap<>(Arrays::compareUnsigned);
    private final NavigableMap<byte[], byte[]> recipients = new TreeMap<>(Arrays::compareUnsigned);
    private final NavigableMap<byte[], byte[]> meta = new TreeMap<>(Arrays::compareUnsigned);
    private final RemainingCounts counts = new RemainingCounts();
    private final Mutations maps = new Mutations() {
        @Override
        public void putContent(byte[] key, byte[] bytes) {
            contents.put(key, bytes);
        }

        @Override
        public void deleteContent(byte[] key) {
            contents.remove(key);
        }

        @Override
        public void putRecipient(byte[] key, byte[] record) {
            recipients.put(key, record);
        }

        @Override
        public void deleteRecipient(byte[] key) {
            recipients.remove(key);
        }

        @Override
        public void putMeta(byte[] key, byte[] value) {
            meta.put(key, value);
        }

        @Override
        public void deleteMeta(byte[] key) {
            meta.remove(key);
        }

        @Override
        public void deleteRecipients(byte[] from, byte[] to) {
            recipients.subMap(from, true, to, false).clear();
        }
    };
    private long batches;
    private boolean closed;

    @Override
    void submit(PendingWrite write) {
        boolean applied;
        synchronized (this) {
            applied = !closed;
            if (applied) {
                write.apply(maps, counts);
                counts.commit();
                batches++;
            }
        }
        if (applied) {
            write.done.complete(null);
        } else {
            write.done.completeExceptionally(new SpoolUnavailableException("the in-memory spool is closed", null));
        }
    }

    @Override
    public void scan(BiConsumer<ContentId, byte[]> contentSink, BiConsumer<RecipientKey, SpooledRecipient> recipientSink) {
        Map<byte[], byte[]> c;
        Map<byte[], byte[]> r;
        synchronized (this) {
            c = new TreeMap<>(contents);
            r = new TreeMap<>(recipients);
        }
        c.forEach((k, v) -> contentSink.accept(Keys.readContent(k), v));
        r.forEach((k, v) -> recipientSink.accept(Keys.readRecipient(k), RecipientCodec.decode(v)));
    }

    @Override
    synchronized byte[] readMeta(byte[] key) {
        return meta.get(key);
    }

    @Override
    public synchronized SpoolStats stats() {
        return new SpoolStats(counts.snapshot(), 0, 0, batches, 0);
    }

    @Override
    public synchronized void close() {
        closed = true;
        contents.clear();
        recipients.clear();
    }
}
