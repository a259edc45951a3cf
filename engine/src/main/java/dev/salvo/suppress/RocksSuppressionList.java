package dev.salvo.suppress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WriteOptions;

/**
 * The suppression list in its own small RocksDB directory, apart from the spool: it outlives any
 * message and is shared by every run, so it must not be lost with a spool that is moved aside.
 *
 * <p>Key: {@code scope NUL address} (UTF-8, both normalised to lower case), so the entries of one
 * scope sort together. Value: a format byte, the reason's ordinal, the time in epoch milliseconds
 * and the detail as UTF-8. One meta key holds the format version. Writes are synced: an entry is
 * added because a mailbox is dead, and losing it would mail the dead address again. RocksDB allows
 * one process per directory, so {@code salvo suppress} cannot change a list that a running Salvo
 * holds open; it says so.
 */
public final class RocksSuppressionList implements SuppressionList {
    private static final byte FORMAT = 1;
    /** Sorts before every entry key: a scope is never empty. */
    private static final byte[] FORMAT_KEY = {0, 'f', 'o', 'r', 'm', 'a', 't'};
    private static final Suppression.Reason[] REASONS = Suppression.Reason.values();

    private final Path dir;
    private final Options options;
    private final RocksDB db;
    private final WriteOptions sync = new WriteOptions().setSync(true);
    private final AtomicLong size = new AtomicLong();

    private RocksSuppressionList(Path dir, Options options, RocksDB db) {
        this.dir = dir;
        this.options = options;
        this.db = db;
    }

    /** Opens (creating when absent) the list in {@code dir}. */
    public static RocksSuppressionList open(Path dir) {
        RocksDB.loadLibrary();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SuppressionStoreException("cannot create the suppression directory " + dir + ": " + e
                    + ". Create it, or choose a writable directory.", e);
        }
        Options options = new Options().setCreateIfMissing(true).setKeepLogFileNum(3);
        RocksDB db;
        try {
            db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            options.close();
            throw openFailure(dir, e);
        }
        RocksSuppressionList list = new RocksSuppressionList(dir, options, db);
        try {
            list.checkFormat();
            list.countEntries();
        } catch (RuntimeException e) {
            list.close();
            throw e;
        }
        return list;
    }

    private static SuppressionStoreException openFailure(Path dir, RocksDBException e) {
        Status s = e.getStatus();
        if (s != null && s.getCode() == Status.Code.Corruption) {
            return corrupt(dir, "RocksDB reports corruption: " + e.getMessage(), e);
        }
        String why = e.getMessage() != null && e.getMessage().contains("lock")
                ? "another process has it open (a running salvo send or salvo serve?); stop it, or change the list through it"
                : e.getMessage();
        return new SuppressionStoreException("cannot open the suppression list in " + dir + ": " + why, e);
    }

    private static SuppressionStoreException corrupt(Path dir, String what, Exception cause) {
        return new SuppressionStoreException("the suppression list in " + dir + " cannot be used: " + what
                + ". Copy the directory somewhere safe, then either repair it with RocksDB's `ldb --db=" + dir
                + " repair` or start an empty one and re-import an export (salvo suppress import).", cause);
    }

    private void checkFormat() {
        try {
            byte[] format = db.get(FORMAT_KEY);
            if (format == null) {
                try (RocksIterator it = db.newIterator()) {
                    it.seekToFirst();
                    if (it.isValid()) {
                        throw corrupt(dir, "it has entries but no format version (is it a Salvo suppression list?)", null);
                    }
                }
                db.put(sync, FORMAT_KEY, new byte[] {FORMAT});
                return;
            }
            if (format.length != 1 || format[0] != FORMAT) {
                throw corrupt(dir, "it is in format " + (format.length == 1 ? format[0] : -1) + " and this Salvo knows only format "
                        + FORMAT + " (was it written by a newer Salvo?)", null);
            }
        } catch (RocksDBException e) {
            throw openFailure(dir, e);
        }
    }

    private void countEntries() {
        long n = 0;
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n += it.key()[0] == 0 ? 0 : 1;
            }
        }
        size.set(n);
    }

    private static byte[] key(String scope, String address) {
        return (Suppression.normaliseScope(scope) + '\u0000' + Suppression.normalise(address)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Suppression find(String senderDomain, String recipient) {
        Suppression global = get(GLOBAL, recipient);
        if (global != null || senderDomain == null) {
            return global;
        }
        return get(senderDomain, recipient);
    }

    private Suppression get(String scope, String address) {
        byte[] k = key(scope, address);
        try {
            byte[] v = db.get(k);
            return v == null ? null : decode(k, v);
        } catch (RocksDBException e) {
            throw new SuppressionStoreException("cannot read the suppression list in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean add(Suppression entry) {
        byte[] k = key(entry.scope(), entry.address());
        byte[] detail = entry.detail().getBytes(StandardCharsets.UTF_8);
        byte[] v = ByteBuffer.allocate(2 + Long.BYTES + detail.length).put(FORMAT).put((byte) entry.reason().ordinal())
                .putLong(entry.since().toEpochMilli()).put(detail).array();
        try {
            // A get before the put says whether it is new; one writer at a time keeps the count right.
            synchronized (this) {
                boolean fresh = db.get(k) == null;
                db.put(sync, k, v);
                if (fresh) {
                    size.incrementAndGet();
                }
                return fresh;
            }
        } catch (RocksDBException e) {
            throw new SuppressionStoreException("cannot write to the suppression list in " + dir + ": " + e.getMessage()
                    + " (is the disk full or read-only?)", e);
        }
    }

    @Override
    public boolean remove(String scope, String address) {
        byte[] k = key(scope, address);
        try {
            synchronized (this) {
                if (db.get(k) == null) {
                    return false;
                }
                db.delete(sync, k);
                size.decrementAndGet();
                return true;
            }
        } catch (RocksDBException e) {
            throw new SuppressionStoreException("cannot write to the suppression list in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void forEach(Consumer<Suppression> each) {
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] k = it.key();
                if (k[0] != 0) {
                    each.accept(decode(k, it.value()));
                }
            }
        }
    }

    private Suppression decode(byte[] k, byte[] v) {
        String key = new String(k, StandardCharsets.UTF_8);
        int nul = key.indexOf('\u0000');
        if (nul <= 0 || v.length < 2 + Long.BYTES || v[0] != FORMAT || v[1] < 0 || v[1] >= REASONS.length) {
            throw corrupt(dir, "the entry '" + key.replace('\u0000', ' ') + "' cannot be read", null);
        }
        ByteBuffer b = ByteBuffer.wrap(v);
        b.position(2);
        Instant since = Instant.ofEpochMilli(b.getLong());
        String detail = new String(v, 2 + Long.BYTES, v.length - 2 - Long.BYTES, StandardCharsets.UTF_8);
        return new Suppression(key.substring(0, nul), key.substring(nul + 1), REASONS[v[1]], detail, since);
    }

    @Override
    public long size() {
        return size.get();
    }

    /** Where the list lives. */
    public Path dir() {
        return dir;
    }

    @Override
    public synchronized void close() {
        sync.close();
        db.close();
        options.close();
    }
}
