package dev.salvo.throttle;

import java.time.Duration;

/**
 * Adaptive backoff for one destination: how it reacts when the receiver says "slow down".
 *
 * <ul>
 *   <li>{@link #on421}: the receiver is closing the channel (RFC 5321 §3.8, §4.2.3). The destination is
 *       {@link State#SUSPENDED} for {@code suspendOn421} from now (a later 421 extends it, never
 *       shortens it), then {@link State#NORMAL}. A 421 also counts as a rate-limit reply towards a burst,
 *       and one that comes while the destination is SLOWED restarts the ramp when the suspension ends.
 *   <li>{@link #onRateLimitReply}: a transient reply that means "too fast" (see
 *       {@link #isRateLimitReply}). One alone makes the destination {@link State#SLOWED}: the rate
 *       factor drops to {@code slowdownFactor} and climbs linearly back to 1 over {@code rampUp}; each
 *       further reply restarts the ramp.
 *   <li>A burst, {@code rateLimitBurst} such replies (421s included) within {@code rateLimitWindow}
 *       with no success between them, suspends the destination for {@code suspendOnRateLimit}; when
 *       that ends it resumes SLOWED and ramps up from {@code slowdownFactor}, since sending at full
 *       rate is what tripped the limit.
 *   <li>{@link #onSuccess}: a delivery shows the receiver takes mail at the current pace, so it ends the
 *       run of rate-limit replies (they must be uninterrupted to count as a burst). It does not lift a
 *       suspension or hurry a ramp: replies to messages sent before the slowdown arrive after it.
 * </ul>
 *
 * <p>Callers report each reply once: {@code on421} for a 421, {@code onRateLimitReply} for any other
 * reply that means "slow down" (the engine asks the bounce rules: a BLOCK disposition;
 * {@code isRateLimitReply} is a rules-free reading of the same). Confined to the owning destination's thread; not
 * synchronised. Allocates nothing after construction.
 */
public final class Backoff {
    public enum State { NORMAL, SLOWED, SUSPENDED }

    private final long suspendOn421;
    private final long rateLimitWindow;
    private final long suspendOnRateLimit;
    private final double slowdownFactor;
    private final long rampUp;
    /** The last {@code rateLimitBurst} rate-limit replies since the last success. */
    private final TimestampRing recentLimits;

    private boolean suspended;
    private long suspendedUntil;
    private boolean ramping;
    /** When the ramp leaves {@code slowdownFactor}; the factor is 1 from {@code rampStart + rampUp}. */
    private long rampStart;
    /** The latest {@code now} seen, so that {@link #suspendedUntil()} can tell a past suspension. */
    private long lastNow;

    public Backoff(Duration suspendOn421, int rateLimitBurst, Duration rateLimitWindow, Duration suspendOnRateLimit,
                   double slowdownFactor, Duration rampUp) {
        if (!(slowdownFactor > 0 && slowdownFactor <= 1)) {
            throw new IllegalArgumentException("slowdownFactor must be in (0, 1], was " + slowdownFactor);
        }
        if (rateLimitBurst < 1) {
            throw new IllegalArgumentException("rateLimitBurst must be at least 1, was " + rateLimitBurst);
        }
        this.suspendOn421 = nonNegativeNanos("suspendOn421", suspendOn421);
        this.rateLimitWindow = nonNegativeNanos("rateLimitWindow", rateLimitWindow);
        this.suspendOnRateLimit = nonNegativeNanos("suspendOnRateLimit", suspendOnRateLimit);
        this.slowdownFactor = slowdownFactor;
        this.rampUp = nonNegativeNanos("rampUp", rampUp);
        this.recentLimits = new TimestampRing(rateLimitBurst);
    }

    public void on421(long now) {
        lastNow = now;
        suspendUntil(now + suspendOn421);
        countRateLimit(now);
    }

    public void onRateLimitReply(long now) {
        lastNow = now;
        startRamp(now);
        countRateLimit(now);
    }

    public void onSuccess(long now) {
        lastNow = now;
        recentLimits.clear();
    }

    public State state(long now) {
        lastNow = now;
        if (suspended && suspendedUntil - now > 0) {
            return State.SUSPENDED;
        }
        return rateFactor(now) < 1 ? State.SLOWED : State.NORMAL;
    }

    /** When the current suspension ends, in nanos; 0 when not suspended as of the latest time seen. */
    public long suspendedUntil() {
        return suspended && suspendedUntil - lastNow > 0 ? suspendedUntil : 0;
    }

    /**
     * Multiplier in (0, 1] for the configured rate: {@code slowdownFactor} right after a rate-limit
     * reply (and throughout a burst's suspension), then {@code f + (1 - f) * elapsed / rampUp}, then 1.
     */
    public double rateFactor(long now) {
        lastNow = now;
        if (!ramping) {
            return 1;
        }
        long elapsed = now - rampStart;
        if (elapsed <= 0) {
            return slowdownFactor;
        }
        if (elapsed >= rampUp) {
            ramping = false;
            return 1;
        }
        return slowdownFactor + (1 - slowdownFactor) * ((double) elapsed / rampUp);
    }

    private void countRateLimit(long now) {
        recentLimits.add(now);
        if (recentLimits.isFull() && now - recentLimits.oldest() < rateLimitWindow) {
            recentLimits.clear(); // the next burst must be a new one, not these replies again
            suspendUntil(now + suspendOnRateLimit);
            startRamp(suspendedUntil);
        }
    }

    private void suspendUntil(long until) {
        if (until == 0) {
            until = 1; // 0 is suspendedUntil()'s "not suspended"
        }
        if (!suspended || until - suspendedUntil > 0) {
            suspendedUntil = until;
        }
        suspended = true;
        if (ramping && suspendedUntil - rampStart > 0) {
            rampStart = suspendedUntil; // nothing is sent while suspended, so the ramp waits for the end
        }
    }

    /** Restarts the ramp from {@code slowdownFactor} at {@code at}, or at the end of a suspension. */
    private void startRamp(long at) {
        if (slowdownFactor == 1 || rampUp == 0) {
            return;
        }
        ramping = true;
        rampStart = suspended && suspendedUntil - at > 0 ? suspendedUntil : at;
    }

    private static long nonNegativeNanos(String name, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
        return d.toNanos();
    }

    /**
     * Whether a transient reply says the sender is going too fast: any 421; a 450, 451 or 452 with an
     * enhanced code in class 4.7 (RFC 3463 §3.8, security or policy status, where receivers put their
     * rate limits: Gmail 4.7.28, Microsoft 4.7.500); or a 4xx whose text says so ("rate", "too many",
     * "throttl", "try again later", case-insensitive, "rate" only at the start of a word). A 450 4.2.1
     * "mailbox busy" is not one: that is the mailbox, not the sender. Scans without allocating.
     *
     * @param enhanced the enhanced status code such as {@code "4.7.28"}, or null or empty if none
     * @param text the reply text, or null
     */
    public static boolean isRateLimitReply(int code, String enhanced, String text) {
        if (code == 421) {
            return true;
        }
        if (code < 400 || code > 499) {
            return false;
        }
        if ((code == 450 || code == 451 || code == 452) && enhanced != null && enhanced.startsWith("4.7.")) {
            return true;
        }
        return text != null
                && (containsWordStart(text, "rate") || containsIgnoreCase(text, "too many")
                        || containsIgnoreCase(text, "throttl") || containsIgnoreCase(text, "try again later"));
    }

    private static boolean containsIgnoreCase(String text, String word) {
        return indexOfIgnoreCase(text, word, 0) >= 0;
    }

    /** {@code word} at the start of a word: "rate limited", "ratelimit", but not "generated", "separate". */
    private static boolean containsWordStart(String text, String word) {
        for (int i = indexOfIgnoreCase(text, word, 0); i >= 0; i = indexOfIgnoreCase(text, word, i + 1)) {
            if (i == 0 || !Character.isLetter(text.charAt(i - 1))) {
                return true;
            }
        }
        return false;
    }

    private static int indexOfIgnoreCase(String text, String word, int from) {
        for (int i = from, last = text.length() - word.length(); i <= last; i++) {
            if (text.regionMatches(true, i, word, 0, word.length())) {
                return i;
            }
        }
        return -1;
    }
}
