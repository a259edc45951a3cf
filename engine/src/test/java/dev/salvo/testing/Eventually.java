package dev.salvo.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits, bounded, for something another thread brings about: a condition, not a sleep of a guessed length. */
public final class Eventually {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private Eventually() {}

    /** Returns once {@code condition} holds; fails after 20 s. */
    public static void waitFor(BooleanSupplier condition) throws InterruptedException {
        waitFor(condition, () -> "");
    }

    /** As {@link #waitFor(BooleanSupplier)}, with {@code state} in the failure to say where things stood. */
    public static void waitFor(BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                String s = state.get();
                throw new AssertionError("condition not reached" + (s.isEmpty() ? "" : "; " + s));
            }
            Thread.sleep(5);
        }
    }
}
