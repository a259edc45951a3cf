package dev.salvo.blast;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes the scheduler thread only when it sleeps. Without it every answer from the server would
 * unpark the scheduler (a futex call on the event loop, a context switch on the scheduler): tens of
 * thousands a second in a closed loop, CPU taken from the server under test on a small machine.
 *
 * <p>The protocol is Dekker's: the scheduler raises {@link #parked} and only then looks once more
 * for work; a completion changes its state (a volatile write) and only then reads the flag. So
 * either the scheduler sees the completion's work, or the completion sees the flag and unparks.
 */
final class Waker {
    private final Thread owner;
    private final AtomicBoolean parked = new AtomicBoolean();

    Waker(Thread owner) {
        this.owner = owner;
    }

    /**
     * Scheduler thread: sleeps at most {@code nanos} unless {@code workAppeared} is already true
     * once the flag is up, or a {@link #wake()} comes.
     */
    void park(long nanos, java.util.function.BooleanSupplier workAppeared) {
        parked.set(true);
        if (!workAppeared.getAsBoolean()) {
            LockSupport.parkNanos(this, nanos);
        }
        parked.set(false);
    }

    /** Any thread, after making its change visible: unparks the scheduler if it sleeps or is about to. */
    void wake() {
        if (parked.get() && parked.compareAndSet(true, false)) {
            LockSupport.unpark(owner);
        }
    }
}
