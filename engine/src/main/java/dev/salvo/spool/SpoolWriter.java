package dev.salvo.spool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The spool's one writer thread: group commit. Submitters offer {@link PendingWrite}s to a bounded
 * JCTools MPSC queue; the writer drains everything waiting (up to {@link #DRAIN_LIMIT}) into one
 * {@link WriteBatch}, writes it once (with the WAL fsync'd in SYNC mode), and only then completes
 * every future in it. N submitters waiting at once share one fsync, so throughput grows with
 * concurrency while each write still waits for its own durability.
 *
 * <p>BATCHED mode writes without fsync and calls {@code flushWal(true)} at least once per window
 * while anything is unsynced.
 *
 * <p>Wake-up as in the engine's dispatch loop: the flag is cleared before draining, and the writer
 * parks only while it is still clear, so an offer after the last drain is never slept through.
 */
final class SpoolWriter implements Runnable {
    static final int QUEUE_CAPACITY = 1 << 16;
    private static final int DRAIN_LIMIT = 4096;
    private static final long IDLE_PARK = TimeUnit.MILLISECONDS.toNanos(100);
    /** In SYNC mode, how soon a batch of only state updates and removals is fsync'd if no put comes first. */
    static final long LAZY_SYNC = TimeUnit.MILLISECONDS.toNanos(100);

    private final MpscArrayQueue<PendingWrite> queue = new MpscArrayQueue<>(QUEUE_CAPACITY);
    private final AtomicBoolean wakeup = new AtomicBoolean();
    private final List<PendingWrite> batch = new ArrayList<>(DRAIN_LIMIT);
    private final RocksSpool spool;
    private final RocksDB db;
    private final ColumnFamilyHandle contents;
    private final ColumnFamilyHandle recipients;
    private final ColumnFamilyHandle meta;
    private final RemainingCounts counts;
    /** Made and closed by the writer thread, so a spool that fails to open never holds one. */
    private WriteOptions writeOptions;
    /** SYNC mode's options for a batch that needs no fsync ({@link PendingWrite#needsSync}). */
    private WriteOptions lazyOptions;
    /** Zero in SYNC mode, where every batch is fsync'd. */
    private final long syncWindow;
    private volatile Thread thread;
    private volatile boolean stopping;
    private long unsyncedSince = -1;
    // NOTE: written only by the writer thread; volatile so stats() on any thread sees recent values.
    private volatile long batches;
    private volatile long syncs;

    SpoolWriter(RocksSpool spool, RocksDB db, ColumnFamilyHandle contents, ColumnFamilyHandle recipients,
            ColumnFamilyHandle meta, RemainingCounts counts, long syncWindowNanos) {
        this.meta = meta;
        this.spool = spool;
        this.db = db;
        this.contents = contents;
        this.recipients = recipients;
        this.counts = counts;
        this.syncWindow = syncWindowNanos;
    }

    /** Any thread. False when the queue is full: backpressure, nothing was queued. */
    boolean offer(PendingWrite write) {
        if (!queue.offer(write)) {
            return false;
        }
        if (!wakeup.getAndSet(true)) {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
        return true;
    }

    long batches() {
        return batches;
    }

    long syncs() {
        return syncs;
    }

    /** Writes what is queued, then ends the thread; the caller joins it. */
    void stop() {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        writeOptions = new WriteOptions().setSync(syncWindow == 0);
        lazyOptions = new WriteOptions().setSync(false);
        try {
            while (!stopping || !queue.isEmpty()) {
                wakeup.set(false);
                if (queue.drain(batch::add, DRAIN_LIMIT) > 0) {
                    commit();
                }
                long park = IDLE_PARK;
                if (unsyncedSince >= 0) {
                    long due = unsyncedSince + (syncWindow == 0 ? LAZY_SYNC : syncWindow) - System.nanoTime();
                    if (due <= 0) {
                        syncWal();
                        continue;
                    }
                    park = Math.min(park, due);
                }
                if (queue.isEmpty() && !wakeup.get() && !stopping) {
                    LockSupport.parkNanos(this, park);
                }
            }
            if (unsyncedSince >= 0) {
                syncWal();
            }
        } finally {
            writeOptions.close();
            lazyOptions.close();
        }
    }

    private void commit() {
        try (WriteBatch wb = new WriteBatch()) {
            Mutations m = new BatchMutations(wb);
            for (PendingWrite w : batch) {
                w.apply(m, counts);
            }
            boolean sync = false;
            if (syncWindow == 0) {
                for (PendingWrite w : batch) {
                    if (w.needsSync()) {
                        sync = true;
                        break;
                    }
                }
            }
            db.write(sync || syncWindow != 0 ? writeOptions : lazyOptions, wb);
            counts.commit();
            batches++;
            if (sync) {
                syncs++;
                unsyncedSince = -1; // this fsync covers every earlier write in the log
            } else if (unsyncedSince < 0) {
                unsyncedSince = System.nanoTime();
            }
            spool.recovered();
            for (PendingWrite w : batch) {
                w.done.complete(null);
            }
        } catch (RocksDBException | BatchFailed e) {
            counts.rollback();
            RocksDBException cause = e instanceof BatchFailed f ? f.cause : (RocksDBException) e;
            fail(spool.unavailable("write", cause));
        } catch (RuntimeException e) {
            // A bug, not the disk: fail this batch, keep the spool open.
            counts.rollback();
            fail(e);
        } finally {
            batch.clear();
        }
    }

    private void syncWal() {
        try {
            db.flushWal(true);
            syncs++;
            unsyncedSince = -1;
        } catch (RocksDBException e) {
            // Acknowledged BATCHED writes may not survive a power cut now: say so, retry next window.
            spool.unavailable("fsync the log of", e);
            unsyncedSince = System.nanoTime();
        }
    }

    private void fail(RuntimeException e) {
        for (PendingWrite w : batch) {
            w.done.completeExceptionally(e);
        }
    }

    /** A RocksDBException from adding to a batch, carried out through {@link Mutations}. */
    private static final class BatchFailed extends RuntimeException {
        final RocksDBException cause;

        BatchFailed(RocksDBException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    private final class BatchMutations implements Mutations {
        private final WriteBatch wb;

        BatchMutations(WriteBatch wb) {
            this.wb = wb;
        }

        @Override
        public void putContent(byte[] key, byte[] bytes) {
            try {
                wb.put(contents, key, bytes);
            } catch (RocksDBException e) {
                throw new BatchFailed(e);
            }
        }

        @Override
        public void deleteContent(byte[] key) {
            try {
                wb.delete(contents, key);
            } catch (RocksDBException e) {
                throw new BatchFailed(e);
            }
        }

        @Override
        public void putRecipient(byte[] key, byte[] record) {
            try {
                wb.put(recipients, key, record);
            } catch (RocksDBException e) {
                throw new BatchFailed(e);
            }
        }

        @Override
        public void deleteRecipient(byte[] key) {
            try {
                wb.delete(recipients, key);
            } catch (RocksDBException e) {
                throw new BatchFailed(e);
            }
        }

        @Override
        public void putMeta(byte[] key, byte[] value) {
            try {
                wb.put(meta, key, value);
            } catch (RocksDBException e) {
                throw new BatchFailed(e);
            }
        }

        @Override
        public void deleteMeta(byte[] key) {
            try {
                wb.delete(meta, key);
            } catch (RocksDBException e) {
                throw new BatchFailed(e);
            }
        }

        @Override
        public void deleteRecipients(byte[] from, byte[] to) {
            try {
                wb.deleteRange(recipients, from, to);
            } catch (RocksDBException e) {
                throw new BatchFailed(e);
            }
        }
    }
}
