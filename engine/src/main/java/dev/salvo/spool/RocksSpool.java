package dev.salvo.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LogFile;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WriteOptions;

/**
 * The spool on disk: one RocksDB in the spool directory with the column families {@code content},
 * {@code recipients} and {@code meta} (see the package documentation), written by one
 * {@link SpoolWriter} thread. Opening checks the format version in {@code meta} and rebuilds the
 * per-content recipient counts from the recipient keys.
 */
final class RocksSpool extends AbstractSpool {
    /** The on-disk format this code reads and writes; bump it with a migration, never silently. */
    static final int FORMAT = 1;
    static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
    static final String CONTENT = "content";
    static final String RECIPIENTS = "recipients";
    static final String META = "meta";

    private final Path dir;
    private final DBOptions options;
    private final ColumnFamilyOptions cfOptions;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    private final ColumnFamilyHandle contents;
    private final ColumnFamilyHandle recipients;
    private final ColumnFamilyHandle meta;
    private final RemainingCounts counts = new RemainingCounts();
    private final SpoolWriter writer;
    private final Thread writerThread;
    private volatile boolean closed;

    private RocksSpool(Path dir, DBOptions options, ColumnFamilyOptions cfOptions, RocksDB db,
            List<ColumnFamilyHandle> handles, Durability durability) {
        this.dir = dir;
        this.options = options;
        this.cfOptions = cfOptions;
        this.db = db;
        this.handles = handles;
        this.contents = handles.get(1);
        this.recipients = handles.get(2);
        this.meta = handles.get(3);
        this.writer = new SpoolWriter(this, db, contents, recipients, meta, counts,
                durability.mode() == Durability.Mode.SYNC ? 0 : durability.window().toNanos());
        this.writerThread = new Thread(writer, "salvo-spool-writer");
        writerThread.setDaemon(true);
    }

    static RocksSpool open(Path dir, Durability durability) {
        RocksDB.loadLibrary();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SpoolUnavailableException("cannot create the spool directory " + dir + ": " + e
                    + ". Create it, or point the spool at a writable directory.", e);
        }
        DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setKeepLogFileNum(5);
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> families = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor(CONTENT.getBytes(StandardCharsets.US_ASCII), cfOptions),
                new ColumnFamilyDescriptor(RECIPIENTS.getBytes(StandardCharsets.US_ASCII), cfOptions),
                new ColumnFamilyDescriptor(META.getBytes(StandardCharsets.US_ASCII), cfOptions));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(options, dir.toString(), families, handles);
        } catch (RocksDBException e) {
            options.close();
            cfOptions.close();
            throw openFailure(dir, e);
        }
        RocksSpool spool = new RocksSpool(dir, options, cfOptions, db, handles, durability);
        try {
            spool.checkFormat(handles.get(3));
            spool.countRecipients();
        } catch (RuntimeException e) {
            spool.closeFiles();
            throw e;
        }
        spool.writerThread.start();
        return spool;
    }

    private static RuntimeException openFailure(Path dir, RocksDBException e) {
        Status s = e.getStatus();
        if (s != null && s.getCode() == Status.Code.Corruption) {
            return corrupt(dir, "RocksDB reports corruption: " + e.getMessage(), e);
        }
        return new SpoolUnavailableException("cannot open the spool in " + dir + ": " + e.getMessage()
                + ". Check that no other Salvo uses this directory and that it is readable and writable.", e);
    }

    static SpoolCorruptException corrupt(Path dir, String what, Exception cause) {
        return new SpoolCorruptException("the spool in " + dir + " cannot be used: " + what + ". Salvo will not start on it."
                + " To repair: stop Salvo and copy the whole directory somewhere safe first (repair rewrites it), then run"
                + " `ldb --db=" + dir + " --try_load_options repair` with the ldb of RocksDB 10.x (RocksJava has no repair"
                + " call; an older ldb, such as Debian 12's rocksdb-tools 7.8, cannot read these files and discards them),"
                + " and start again; recipients in damaged files may be lost. Or move the directory aside to start with an"
                + " empty spool (nothing in it will be sent). See docs/spool.md.", cause);
    }

    private void checkFormat(ColumnFamilyHandle meta) {
        try {
            byte[] format = db.get(meta, FORMAT_KEY);
            // A new spool, or one whose first open was cut short before the version was written.
            if (format == null && empty()) {
                try (WriteOptions sync = new WriteOptions().setSync(true)) {
                    db.put(meta, sync, FORMAT_KEY, ByteBuffer.allocate(Integer.BYTES).putInt(FORMAT).array());
                }
                return;
            }
            if (format == null || format.length != Integer.BYTES) {
                throw corrupt(dir, "it has no spool format version (is it a Salvo spool?)", null);
            }
            int version = ByteBuffer.wrap(format).getInt();
            if (version != FORMAT) {
                throw corrupt(dir, "it is in spool format " + version + " and this Salvo knows only format " + FORMAT
                        + " (was it written by a newer Salvo? then run that one)", null);
            }
        } catch (RocksDBException e) {
            throw openFailure(dir, e);
        }
    }

    private boolean empty() {
        try (RocksIterator c = db.newIterator(contents); RocksIterator r = db.newIterator(recipients)) {
            c.seekToFirst();
            r.seekToFirst();
            return !c.isValid() && !r.isValid();
        }
    }

    /** Rebuilds the per-content counts from the recipient keys: reads keys only, about 20 bytes each. */
    private void countRecipients() {
        try (RocksIterator it = db.newIterator(recipients)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                counts.add(Keys.readRecipient(it.key()).content(), 1);
            }
            it.status();
        } catch (RocksDBException | IllegalStateException e) {
            throw corrupt(dir, "a recipient key cannot be read: " + e.getMessage(), e);
        }
        // Open campaigns keep their templates (their meta value carries the template's content id).
        byte[] prefix = Keys.campaign("");
        try (RocksIterator it = db.newIterator(meta)) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                byte[] v = it.value();
                if (v.length == Long.BYTES + ContentId.BYTES) {
                    ByteBuffer b = ByteBuffer.wrap(v, Long.BYTES, ContentId.BYTES);
                    counts.pin(new ContentId(b.getLong(), b.getLong()));
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw corrupt(dir, "a campaign record cannot be read: " + e.getMessage(), e);
        }
        counts.commit();
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    void submit(PendingWrite write) {
        if (closed) {
            write.done.completeExceptionally(new SpoolUnavailableException("the spool in " + dir + " is closed", null));
        } else if (!writer.offer(write)) {
            write.done.completeExceptionally(new SpoolUnavailableException("the spool's write queue is full ("
                    + SpoolWriter.QUEUE_CAPACITY + " writes waiting for the disk); try again shortly", null));
        } else if (closed) {
            // NOTE: close() may have drained the queue before our offer landed; fail rather than leave the
            // future hanging. If the writer did take it first, the future is already complete and this is a no-op.
            write.done.completeExceptionally(new SpoolUnavailableException("the spool in " + dir + " is closed", null));
        }
    }

    /** Marks the spool unhealthy and returns the exception for the failed writes. */
    SpoolUnavailableException unavailable(String doing, RocksDBException e) {
        Status s = e.getStatus();
        // Tried on a full tmpfs: after a failed WAL write RocksDB keeps failing every write, even once space is
        // free, until the database is reopened (RocksJava has no Resume()); a reopen found everything acknowledged.
        String reopen = ", then restart Salvo: after a failed write RocksDB takes no more until the spool is reopened."
                + " Everything acknowledged before is safe";
        String why;
        if (s != null && s.getSubCode() == Status.SubCode.NoSpace) {
            why = "the disk holding the spool " + dir + " is full (" + e.getMessage() + "). Free space on that filesystem" + reopen;
        } else if (s != null && s.getCode() == Status.Code.IOError) {
            why = "the spool could not " + doing + " " + dir + " (" + e.getMessage() + "). Check the disk, its permissions"
                    + " and the kernel log" + reopen;
        } else {
            why = "the spool in " + dir + " refused a write (" + e.getMessage() + "); if it keeps refusing, restart Salvo";
        }
        unhealthy(why);
        return new SpoolUnavailableException(why + ". Nothing of the failed write was acknowledged.", e);
    }

    @Override
    public void scan(BiConsumer<ContentId, byte[]> contentSink, BiConsumer<RecipientKey, SpooledRecipient> recipientSink) {
        try (RocksIterator c = db.newIterator(contents)) {
            for (c.seekToFirst(); c.isValid(); c.next()) {
                contentSink.accept(Keys.readContent(c.key()), c.value());
            }
            c.status();
        } catch (RocksDBException | IllegalStateException e) {
            throw corrupt(dir, "a content record cannot be read: " + e.getMessage(), e);
        }
        try (RocksIterator r = db.newIterator(recipients)) {
            for (r.seekToFirst(); r.isValid(); r.next()) {
                recipientSink.accept(Keys.readRecipient(r.key()), RecipientCodec.decode(r.value()));
            }
            r.status();
        } catch (RocksDBException | IllegalStateException e) {
            throw corrupt(dir, "a recipient record cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    byte[] readMeta(byte[] key) {
        try {
            return db.get(meta, key);
        } catch (RocksDBException e) {
            throw corrupt(dir, "a meta record cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public SpoolStats stats() {
        long sst = 0;
        long wal = 0;
        try {
            for (ColumnFamilyHandle h : handles) {
                sst += db.getLongProperty(h, "rocksdb.total-sst-files-size");
            }
            for (LogFile f : db.getSortedWalFiles()) {
                wal += f.sizeFileBytes();
            }
        } catch (RocksDBException e) {
            // Sizes are for dashboards; an unreadable property is reported as 0 rather than failing the caller.
            sst = wal = 0;
        }
        return new SpoolStats(counts.snapshot(), sst, wal, writer.batches(), writer.syncs());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.stop();
        try {
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeFiles();
    }

    private void closeFiles() {
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        db.close();
        options.close();
        cfOptions.close();
    }
}
