package dev.salvo.throttle;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a deferred recipient is tried again: exponential backoff with jitter, capped, within a maximum
 * age after which the recipient expires (RFC 5321 §4.5.4.1: retry at least 30 minutes apart is the
 * RFC's advice, and give up after 4-5 days; the numbers are configuration, not fixed here).
 *
 * <p>The math, for {@code n} attempts made so far ({@code n >= 1}):
 * <pre>
 *   interval(n) = min(initial * factor^(n-1), maxInterval)          e.g. 5m, 10m, 20m, 40m, ... cap
 *   delay(n)    = interval(n) * (1 + jitter * u),  u uniform in [-1, 1)  from the supplied random source
 *   at          = now + delay(n);   -1 (expire) if at - firstSeen &gt; maxAge
 * </pre>
 * (A due time that happens to be exactly -1 ns is returned as 0, so the sentinel is unambiguous.)
 * Jitter spreads the retries of a campaign's recipients, deferred together, over time instead of
 * retrying them in one wave. An attempt due exactly at {@code maxAge} still runs.
 *
 * <p>Immutable, so it may be shared by every destination; the random source is the caller's, so
 * tests are deterministic and each thread can use its own. Allocates nothing.
 */
public final class RetrySchedule {
    /** {@link #nextAttemptAt}'s answer when the next attempt would pass the maximum age. */
    public static final long EXPIRE = -1;

    private final double initial;
    private final double factor;
    private final double maxInterval;
    private final double jitter;
    private final long maxAge;

    /**
     * @param initial delay after the first attempt, positive
     * @param factor growth per attempt, at least 1
     * @param maxInterval cap on the delay before jitter, at least {@code initial}
     * @param jitter fraction in [0, 1): each delay is scaled by a random factor in {@code [1 - jitter, 1 + jitter)}
     * @param maxAge how long after first seen a recipient may still be tried
     */
    public RetrySchedule(Duration initial, double factor, Duration maxInterval, double jitter, Duration maxAge) {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial must be positive, was " + initial);
        }
        if (!(factor >= 1)) {
            throw new IllegalArgumentException("factor must be at least 1, was " + factor);
        }
        if (maxInterval.compareTo(initial) < 0) {
            throw new IllegalArgumentException("maxInterval " + maxInterval + " is below initial " + initial);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, was " + maxAge);
        }
        this.initial = initial.toNanos();
        this.factor = factor;
        this.maxInterval = maxInterval.toNanos();
        this.jitter = jitter;
        this.maxAge = maxAge.toNanos();
    }

    /**
     * When to make the next attempt, in nanos, after {@code attemptsMade} attempts (1-based: 1 after
     * the first attempt failed); or {@link #EXPIRE} when that would be more than {@code maxAge} after
     * {@code firstSeen}, and the recipient should expire now.
     */
    public long nextAttemptAt(int attemptsMade, long firstSeen, long now, RandomGenerator random) {
        if (attemptsMade < 1) {
            throw new IllegalArgumentException("attemptsMade must be at least 1, was " + attemptsMade);
        }
        double interval = Math.min(initial * Math.pow(factor, attemptsMade - 1), maxInterval); // pow overflow: +Inf, capped
        double delay = jitter == 0 ? interval : interval * (1 + jitter * (2 * random.nextDouble() - 1));
        long wait = (long) delay; // saturates at Long.MAX_VALUE rather than wrapping
        if (wait > maxAge - (now - firstSeen)) {
            return EXPIRE;
        }
        long at = now + wait;
        return at == EXPIRE ? 0 : at; // a real time of -1 moves 1 ns, so -1 only ever means expire
    }

    /** Whether a recipient first seen at {@code firstSeen} is past its maximum age at {@code now}. */
    public boolean expired(long firstSeen, long now) {
        return now - firstSeen > maxAge;
    }
}
