package dev.salvo.spool;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names one stored content (a campaign's message, stored once). Sixteen bytes, time-ordered: the
 * high half is the epoch millisecond it was made in, shifted left 16 bits, plus a 16-bit counter,
 * so ids sort by creation and so do the spool's keys; the low half is random, so two processes
 * (or a restart within a millisecond) do not collide.
 */
public record ContentId(long high, long low) implements Comparable<ContentId> {
    public static final int BYTES = 16;
    private static final AtomicLong LAST = new AtomicLong();

    /** A new id, greater than every id this process made before. */
    public static ContentId next() {
        long stamp = System.currentTimeMillis() << 16;
        long high = LAST.accumulateAndGet(stamp, (last, now) -> Math.max(last + 1, now));
        return new ContentId(high, ThreadLocalRandom.current().nextLong());
    }

    static ContentId read(byte[] key) {
        ByteBuffer b = ByteBuffer.wrap(key);
        return new ContentId(b.getLong(), b.getLong());
    }

    void write(ByteBuffer into) {
        into.putLong(high).putLong(low);
    }

    /** The epoch millisecond this id was made in. */
    public long createdMillis() {
        return high >>> 16;
    }

    @Override
    public int compareTo(ContentId o) {
        int c = Long.compareUnsigned(high, o.high);
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }

    @Override
    public String toString() {
        return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
    }
}
