package dev.salvo.blast;

import dev.salvo.smtp.SessionFailure;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * The figures of a finished blast, read once from the meters; the text, JSON and HTML reports
 * all print from this, so they cannot disagree.
 *
 * @param seconds from the start to the last answer
 * @param phases latency per phase in the report's order, "total" first (microsecond histograms)
 * @param abandoned why the run stopped early, or null
 */
record BlastSummary(
        String target,
        Instant started,
        double seconds,
        int connections,
        double rateTarget,
        long sent,
        long delivered,
        long deferred,
        long bounced,
        long bytes,
        long connectionsOpened,
        Map<String, Histogram> phases,
        SortedMap<Integer, Long> replyCodes,
        SortedMap<Integer, Long> deferredByCode,
        SortedMap<Integer, Long> bouncedByCode,
        Map<String, Long> sessionFailures,
        List<Timeline.Row> timeline,
        String abandoned) {

    static BlastSummary of(BlastPlan plan, BlastMeters m, Timeline timeline, Instant started, long startNanos, String abandoned) {
        long last = m.lastCompletion.get();
        long end = last == Long.MIN_VALUE ? System.nanoTime() : last;
        Map<String, Histogram> phases = new LinkedHashMap<>();
        for (PhaseMeter p : m.phases) {
            phases.put(p.name, p.total());
        }
        Map<String, Long> sessions = new LinkedHashMap<>();
        for (SessionFailure.Kind k : SessionFailure.Kind.values()) {
            long n = m.sessionFailures.get(k.ordinal());
            if (n > 0) {
                sessions.put(k.name().toLowerCase(java.util.Locale.ROOT), n);
            }
        }
        return new BlastSummary(plan.settings().destination(), started, Math.max(1e-9, (end - startNanos) / 1e9),
                plan.connections(), plan.rate(), m.sent.sum(), m.delivered.sum(), m.deferred.sum(), m.bounced.sum(),
                m.bytesSent.sum(), m.connectionsOpened.sum(), Collections.unmodifiableMap(phases), codes(m.replyCodes),
                codes(m.deferredByCode), codes(m.bouncedByCode), Collections.unmodifiableMap(sessions),
                timeline.rows(), abandoned);
    }

    private static SortedMap<Integer, Long> codes(AtomicLongArray counts) {
        SortedMap<Integer, Long> out = new TreeMap<>();
        for (int code = 0; code < counts.length(); code++) {
            long n = counts.get(code);
            if (n > 0) {
                out.put(code, n);
            }
        }
        return Collections.unmodifiableSortedMap(out);
    }

    long answered() {
        return delivered + deferred + bounced;
    }

    double messagesPerSecond() {
        return answered() / seconds;
    }

    double megabytesPerSecond() {
        return bytes / 1e6 / seconds;
    }

    boolean allDelivered() {
        return abandoned == null && sent > 0 && delivered == sent;
    }
}
