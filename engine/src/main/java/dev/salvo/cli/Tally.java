package dev.salvo.cli;

import dev.salvo.smtp.SmtpReply;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of a send run's outcomes, and which failure replies were most common. Confined to the
 * dispatch thread, which also draws the progress line and the summary from it.
 */
final class Tally {
    final int total;
    int delivered;
    int deferred;
    int bounced;
    int rejected;
    /** "550 5.1.1" → how many recipients got it; bounded by the distinct codes servers send. */
    private final Map<String, Integer> failureCodes = new HashMap<>();

    Tally(int total) {
        this.total = total;
    }

    int completed() {
        return delivered + deferred + bounced + rejected;
    }

    int remaining() {
        return total - completed();
    }

    boolean allDelivered() {
        return delivered == total;
    }

    void failure(SmtpReply reply) {
        String e = reply.enhancedCode();
        failureCodes.merge(reply.code() + (e == null ? "" : " " + e), 1, Integer::sum);
    }

    /** The {@code n} most frequent failure codes, as "550 5.1.1 × 12", most frequent first. */
    List<String> topFailures(int n) {
        return failureCodes.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .map(e -> e.getKey() + " \u00d7 " + e.getValue())
                .toList();
    }
}
