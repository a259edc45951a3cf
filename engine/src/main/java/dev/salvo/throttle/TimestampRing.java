package dev.salvo.throttle;

/**
 * The last {@code capacity} timestamps of some event, in a fixed ring, oldest first: enough to answer
 * "have there been {@code capacity} events within the last W nanoseconds?" exactly, without a queue
 * that grows. Adding to a full ring overwrites the oldest entry. Confined to one thread.
 */
final class TimestampRing {
    private final long[] times;
    private int head; // index of the oldest entry
    private int size;

    TimestampRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        times = new long[capacity];
    }

    int capacity() {
        return times.length;
    }

    boolean isFull() {
        return size == times.length;
    }

    /** The oldest timestamp held; only meaningful when the ring is not empty. */
    long oldest() {
        assert size > 0;
        return times[head];
    }

    /** Records {@code now}, dropping the oldest entry if the ring is full. */
    void add(long now) {
        if (size == times.length) {
            times[head] = now;
            head = head + 1 == times.length ? 0 : head + 1;
        } else {
            int i = head + size;
            times[i >= times.length ? i - times.length : i] = now;
            size++;
        }
    }

    /**
     * Nanoseconds until {@code capacity} events no longer fit in {@code window} ending at {@code now},
     * i.e. until the oldest of a full ring falls out of the window; 0 if the ring is not full or the
     * oldest entry is already at least {@code window} old.
     */
    long untilRoom(long now, long window) {
        if (size < times.length) {
            return 0;
        }
        long wait = times[head] + window - now;
        return wait > 0 ? wait : 0;
    }

    void clear() {
        head = 0;
        size = 0;
    }
}
