package dev.salvo.api;

import dev.salvo.events.DeliveryEvent.Outcome;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A snapshot of the engine's counts. Written by the dispatch thread, read by anyone (a progress
 * line, a health check).
 *
 * @param accepted recipients accepted by submit
 * @param queued recipients waiting (ready, scheduled for retry, or waiting for DNS)
 * @param inFlight recipients in transactions not yet answered
 */
public record EngineStats(long accepted, long delivered, long deferred, long bounced, long expired, long rejected,
        long queued, long inFlight) {

    /**
     * Accepted recipients with a final outcome. Rejected ones are not counted: they were refused
     * before submission, so they were never accepted.
     */
    public long finished() {
        return delivered + bounced + expired;
    }

    /** The live counters behind the snapshots; the engine's own. */
    public static final class Counters {
        private final AtomicLongArray byOutcome = new AtomicLongArray(Outcome.values().length);
        private final AtomicLongArray levels = new AtomicLongArray(3);

        public void count(Outcome o) {
            byOutcome.incrementAndGet(o.ordinal());
        }

        public void accepted(int n) {
            levels.getAndAdd(0, n);
        }

        public void queued(long n) {
            levels.lazySet(1, n);
        }

        public void inFlight(long n) {
            levels.lazySet(2, n);
        }

        public EngineStats snapshot() {
            return new EngineStats(levels.get(0), byOutcome.get(Outcome.DELIVERED.ordinal()),
                    byOutcome.get(Outcome.DEFERRED.ordinal()), byOutcome.get(Outcome.BOUNCED.ordinal()),
                    byOutcome.get(Outcome.EXPIRED.ordinal()), byOutcome.get(Outcome.REJECTED.ordinal()),
                    levels.get(1), levels.get(2));
        }
    }
}
