package dev.salvo.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of one destination-site label: outcome counters by (outcome, class), and the two timers.
 * Each meter is registered on first use and then read from a field or a map: the steady state of
 * {@link #outcome} and the timers is a few map reads and an add, with no allocation.
 */
final class SiteMeters {
    /** The outcome label values, in the order of {@link #outcomeIndex}. */
    static final String[] OUTCOMES = {"delivered", "deferred", "bounced", "expired", "rejected", "suppressed", "complaint"};

    // SMTP transactions take from about a millisecond (a local sink) to the five minutes RFC 5321
    // §4.5.3.2.6 lets a server take after the final dot; bounding the histogram keeps it to ~60 buckets.
    private static final Duration TRANSACTION_MIN = Duration.ofMillis(1);
    private static final Duration TRANSACTION_MAX = Duration.ofMinutes(5);
    // A throttled message may wait out a suspended destination; an hour is the useful top bucket.
    private static final Duration THROTTLE_MIN = Duration.ofMillis(1);
    private static final Duration THROTTLE_MAX = Duration.ofHours(1);

    final String label;
    private final MeterRegistry registry;
    private final BounceClassLabels classes;
    /** One map per outcome, bounce-class label to counter. */
    private final ConcurrentHashMap<String, Counter>[] byOutcome;
    private volatile Timer transaction;
    private volatile Timer throttleWait;

    @SuppressWarnings("unchecked")
    SiteMeters(String label, MeterRegistry registry, BounceClassLabels classes) {
        this.label = label;
        this.registry = registry;
        this.classes = classes;
        this.byOutcome = new ConcurrentHashMap[OUTCOMES.length];
        for (int i = 0; i < OUTCOMES.length; i++) {
            byOutcome[i] = new ConcurrentHashMap<>();
        }
    }

    void outcome(String outcome, String bounceClass) {
        ConcurrentHashMap<String, Counter> counters = byOutcome[outcomeIndex(outcome)];
        Counter counter = counters.get(bounceClass);
        if (counter == null) {
            counter = counterFor(counters, outcome, bounceClass);
        }
        counter.increment();
    }

    /**
     * Slow path: the first count of a class at this site, or a class past the cap (which is never
     * stored under its own name, so it comes here each time and reads the "other" counter).
     */
    private Counter counterFor(ConcurrentHashMap<String, Counter> counters, String outcome, String bounceClass) {
        String classLabel = classes.label(bounceClass);
        Counter counter = counters.get(classLabel);
        if (counter != null) {
            return counter;
        }
        // Registering the same id twice returns the same counter, so a race here is harmless.
        counter = Counter.builder("salvo.outcomes")
                .description("Recipient outcomes by destination site, outcome and bounce class")
                .tag("site", label)
                .tag("outcome", outcome)
                .tag("class", classLabel)
                .register(registry);
        counters.putIfAbsent(classLabel, counter);
        return counter;
    }

    Timer transaction() {
        Timer timer = transaction;
        if (timer == null) {
            timer = transaction = timer("salvo.smtp.transaction",
                    "SMTP transaction latency, MAIL FROM to the reply to the final dot", TRANSACTION_MIN, TRANSACTION_MAX);
        }
        return timer;
    }

    Timer throttleWait() {
        Timer timer = throttleWait;
        if (timer == null) {
            timer = throttleWait = timer("salvo.throttle.wait",
                    "How long messages waited on the destination's throttle", THROTTLE_MIN, THROTTLE_MAX);
        }
        return timer;
    }

    /** Registering the same id twice returns the same timer, so two threads racing here agree. */
    private Timer timer(String name, String description, Duration min, Duration max) {
        return Timer.builder(name)
                .description(description)
                .tag("site", label)
                .publishPercentileHistogram()
                .minimumExpectedValue(min)
                .maximumExpectedValue(max)
                .register(registry);
    }

    /** A string switch compares hash codes then equals: no allocation. */
    static int outcomeIndex(String outcome) {
        switch (outcome) {
            case "delivered": return 0;
            case "deferred": return 1;
            case "bounced": return 2;
            case "expired": return 3;
            case "rejected": return 4;
            case "suppressed": return 5;
            case "complaint": return 6;
            default: throw new IllegalArgumentException("unknown outcome \"" + outcome
                    + "\"; expected one of delivered, deferred, bounced, expired, rejected, suppressed, complaint");
        }
    }
}
