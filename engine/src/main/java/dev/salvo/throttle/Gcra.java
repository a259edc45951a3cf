package dev.salvo.throttle;

/**
 * A message-rate throttle: the generic cell rate algorithm (GCRA, ITU-T I.371) with one timestamp,
 * the theoretical arrival time (TAT), as KumoMTA and redis-cell keep per key.
 *
 * <p>The math. With rate {@code r} per second the emission interval is {@code T = 1e9 / r} ns, and a
 * burst of {@code b} allows a tolerance of {@code tau = b * T}. TAT is when the flow would next be
 * due if every message so far had been sent exactly {@code T} apart. For a message at {@code now}:
 * <pre>
 *   tat' = max(tat, now) + T
 *   allowed  iff  tat' - now &lt;= tau         then tat = tat' (the message is booked)
 *   else     wait tat' - now - tau ns          and tat is unchanged (nothing is booked)
 * </pre>
 * So an idle flow may send {@code b} messages at once, then one every {@code T}; over a long window
 * {@code W} starting idle it admits {@code b + ceil(W / T) - 1} messages in {@code [start, start + W)}.
 * Unlike a token bucket there is no refill step: time passing is {@code now} catching up with TAT.
 *
 * <p>Confined to the owning destination's thread; not synchronised. Allocates nothing.
 */
public final class Gcra {
    private static final double NANOS_PER_SECOND = 1e9;

    private final int burst;
    private double perSecond;
    /** Emission interval {@code T} in ns; 0 when unlimited. */
    private long interval;
    /** Tolerance {@code tau = burst * T} in ns. */
    private long tolerance;
    private long tat;
    /** The latest {@code now} seen; {@link #setRate(double)} rescales the backlog from there. */
    private long lastNow;
    /** False until the first {@link #tryAcquire}: before it, {@code tat} and {@code lastNow} mean nothing. */
    private boolean started;

    /**
     * @param perSecond messages per second; {@code <= 0} means unlimited
     * @param burst how many messages an idle flow may send at once, at least 1
     */
    public Gcra(double perSecond, int burst) {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, was " + burst);
        }
        this.burst = burst;
        applyRate(perSecond);
    }

    /** 0 if a message may go now (and books it), else nanoseconds to wait (and books nothing). */
    public long tryAcquire(long now) {
        if (!started) {
            started = true;
            tat = now;
        }
        lastNow = now;
        if (interval == 0) {
            return 0;
        }
        long from = tat - now > 0 ? tat : now; // max(tat, now), safe across a negative nanoTime
        long next = from + interval;
        long ahead = next - now;
        if (ahead <= tolerance) {
            tat = next;
            return 0;
        }
        return ahead - tolerance;
    }

    /**
     * Changes the rate, as adaptive backoff does. The messages already booked ahead of the last
     * {@code now} seen keep their count, re-spaced at the new interval: slowing down does not open a
     * fresh burst, and speeding up does not leave a long-booked backlog in the way. Use
     * {@link #setRate(double, long)} when the current time is at hand.
     *
     * @param perSecond messages per second; {@code <= 0} means unlimited
     */
    public void setRate(double perSecond) {
        setRate(perSecond, lastNow);
    }

    /** {@link #setRate(double)}, rescaling the backlog as of {@code now}. */
    public void setRate(double perSecond, long now) {
        long oldInterval = interval;
        applyRate(perSecond);
        if (!started || interval == oldInterval) {
            return;
        }
        long backlog = tat - now;
        if (backlog <= 0 || oldInterval == 0 || interval == 0) {
            tat = now; // nothing booked ahead (or no meaningful spacing): start from an idle flow
        } else {
            double booked = (double) backlog / oldInterval; // messages booked ahead of now
            tat = now + (long) Math.min(booked * interval, (double) tolerance);
        }
    }

    /** Messages per second; {@code <= 0} when unlimited. */
    public double rate() {
        return perSecond;
    }

    public int burst() {
        return burst;
    }

    private void applyRate(double perSecond) {
        if (Double.isNaN(perSecond)) {
            throw new IllegalArgumentException("rate is NaN");
        }
        this.perSecond = perSecond;
        if (perSecond <= 0) {
            interval = 0;
            tolerance = 0;
            return;
        }
        // At least 1 ns apart; below 1e-9 per second (one message in 31 years) saturate rather than overflow.
        interval = Math.max(1, (long) Math.min(Math.rint(NANOS_PER_SECOND / perSecond), Long.MAX_VALUE / 4 / burst));
        tolerance = interval * burst;
    }

    @Override
    public String toString() {
        return "Gcra[" + (interval == 0 ? "unlimited" : perSecond + "/s") + ", burst " + burst + "]";
    }
}
