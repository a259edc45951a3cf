package dev.salvo.cli;

import dev.salvo.api.DeliveryListener;
import dev.salvo.events.DeliveryEvent;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts a relay send's outcomes as the engine reports them, and which replies the recipients that
 * were not delivered got most often. Hears events on the dispatch thread and rejections on the CLI
 * thread, so it locks; the reply map is bounded by the distinct codes servers send.
 */
final class Tally implements DeliveryListener {
    final int total;
    private int delivered;
    private int bounced;
    private int expired;
    private int rejected;
    private int suppressed;
    private int deferredAttempts;
    /** "550 5.1.1" → how many recipients ended with it. */
    private final Map<String, Integer> failureCodes = new HashMap<>();

    Tally(int total) {
        this.total = total;
    }

    @Override
    public synchronized void onEvent(DeliveryEvent e, String site) {
        switch (e.event()) {
            case DELIVERED -> delivered++;
            case BOUNCED -> bounced++;
            case EXPIRED -> expired++;
            case REJECTED -> rejected++;
            case SUPPRESSED -> suppressed++;
            // An attempt, not an outcome: the recipient goes on to one of the others.
            case DEFERRED -> deferredAttempts++;
            default -> { }
        }
        if ((e.event() == DeliveryEvent.Outcome.BOUNCED || e.event() == DeliveryEvent.Outcome.EXPIRED) && e.code() != null) {
            failureCodes.merge(e.code() + (e.enhanced() == null ? "" : " " + e.enhanced()), 1, Integer::sum);
        }
    }

    synchronized int delivered() {
        return delivered;
    }

    synchronized int bounced() {
        return bounced;
    }

    synchronized int suppressed() {
        return suppressed;
    }

    synchronized int expired() {
        return expired;
    }

    synchronized int rejected() {
        return rejected;
    }

    synchronized int deferredAttempts() {
        return deferredAttempts;
    }

    synchronized boolean allDelivered() {
        return delivered == total;
    }

    /** The {@code n} most frequent replies of recipients not delivered, as "550 5.1.1 × 12", most frequent first. */
    synchronized List<String> topFailures(int n) {
        return failureCodes.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .map(x -> x.getKey() + " \u00d7 " + x.getValue())
                .toList();
    }
}
