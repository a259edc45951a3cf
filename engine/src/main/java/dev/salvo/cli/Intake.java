package dev.salvo.cli;

import dev.salvo.api.SalvoEngine;
import dev.salvo.api.SubmitResult;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * How the CLI hands submissions to the engine, for `send --message` and campaigns alike: it waits
 * out BACKPRESSURE (the CLI's thread waits, never the engine), and keeps track of durability: a
 * submission counts as accepted only once its spool write completed (the engine counts it then);
 * the first failed write, or an UNAVAILABLE answer, stops the intake with the spool's reason.
 */
final class Intake {
    /** For callers with nothing to check while they wait. */
    static final Runnable NOTHING = () -> { };

    private final AtomicInteger storing = new AtomicInteger();
    private final AtomicReference<String> trouble = new AtomicReference<>();

    /** Why intake stopped (the spool's reason), or null while it goes on. */
    String trouble() {
        return trouble.get();
    }

    /**
     * Offers until the engine takes it, refuses it for good (a UserError), or stops intake.
     *
     * @param whileWaiting run at each wait for room, e.g. to end the run when the relay is unusable
     */
    void submit(SalvoEngine salvo, Supplier<SubmitResult> offer, CampaignProgress progress, Runnable whileWaiting) {
        while (true) {
            SubmitResult r = offer.get();
            if (r.accepted()) {
                storing.incrementAndGet();
                r.stored().whenComplete((v, ex) -> {
                    if (ex != null) {
                        Throwable c = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                        trouble.compareAndSet(null, c.getMessage());
                    }
                    storing.decrementAndGet();
                });
                return;
            }
            if (r.status() == SubmitResult.Status.REJECTED) {
                throw new UserError("the engine refused a message: " + r.reason());
            }
            if (r.status() == SubmitResult.Status.UNAVAILABLE) {
                trouble.compareAndSet(null, r.reason());
                return;
            }
            // BACKPRESSURE: the engine is full; the CLI, not the engine, waits a moment.
            whileWaiting.run();
            progress.update(salvo.stats(), -1, false);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Until every submission is durable (or failed): only then does "accepted" hold them all. */
    void awaitStored(SalvoEngine salvo, CampaignProgress progress) {
        while (storing.get() > 0) {
            progress.update(salvo.stats(), -1, false);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
