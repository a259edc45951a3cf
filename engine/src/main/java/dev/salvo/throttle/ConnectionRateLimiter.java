package dev.salvo.throttle;

import java.util.concurrent.TimeUnit;

/**
 * Caps the new connections opened to a destination per minute, as a sliding window: the timestamps
 * of the last {@code perMinute} connections sit in a fixed ring, and one more is allowed only once
 * the oldest of them is a full minute old. So no half-open interval of 60 s ever holds more than
 * {@code perMinute} connections, with no fixed-window edge at which twice the cap could slip through.
 *
 * <p>Memory is {@code 8 * perMinute} bytes, fixed at construction. Confined to the owning
 * destination's thread; not synchronised. Allocates nothing after construction.
 */
public final class ConnectionRateLimiter {
    static final long WINDOW = TimeUnit.MINUTES.toNanos(1);
    /** 8 MB of ring; a cap above this is not a cap any receiver asks for. */
    static final int MAX_PER_MINUTE = 1 << 20;

    private final TimestampRing opened;

    /** @param perMinute connections per minute, at most {@value #MAX_PER_MINUTE}; {@code <= 0} means unlimited */
    public ConnectionRateLimiter(int perMinute) {
        if (perMinute > MAX_PER_MINUTE) {
            throw new IllegalArgumentException("perMinute must be at most " + MAX_PER_MINUTE + ", was " + perMinute);
        }
        opened = perMinute > 0 ? new TimestampRing(perMinute) : null;
    }

    /** 0 if a connection may be opened now (and counts it), else nanoseconds to wait (counts nothing). */
    public long tryAcquire(long now) {
        if (opened == null) {
            return 0;
        }
        long wait = opened.untilRoom(now, WINDOW);
        if (wait == 0) {
            opened.add(now);
        }
        return wait;
    }

    /** Connections per minute; 0 when unlimited. */
    public int perMinute() {
        return opened == null ? 0 : opened.capacity();
    }
}
