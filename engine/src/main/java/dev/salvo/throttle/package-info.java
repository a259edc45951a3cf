/**
 * Shaping logic for one destination: how fast it may be sent to ({@link dev.salvo.throttle.Gcra}),
 * how often it may be connected to ({@link dev.salvo.throttle.ConnectionRateLimiter}), how it reacts
 * to being told to slow down ({@link dev.salvo.throttle.Backoff}) and when a deferred recipient is
 * tried again ({@link dev.salvo.throttle.RetrySchedule}).
 *
 * <p>Everything here is pure arithmetic on {@code long} nanoseconds that the caller passes in as
 * {@code now}, read from the destination's injected {@code LongSupplier nanoClock}: no class reads a
 * clock, sleeps, schedules or allocates after construction. Each instance belongs to one destination
 * and is confined to the thread that owns that destination (ARCHITECTURE: per-destination state lives
 * on one thread at a time), so none of it is synchronised. Times are compared by subtraction
 * ({@code a - b < 0}), never with {@code <}, because {@code System.nanoTime()} may be negative.
 */
package dev.salvo.throttle;
