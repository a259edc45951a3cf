package dev.salvo.config;

import java.time.Duration;
import java.util.Objects;

/**
 * When to try a deferred recipient again: initial, then ×factor each time up to maxInterval, each
 * wait moved by up to ±jitter of itself; after maxAge in the queue the recipient expires.
 */
public record RetryPolicy(Duration initial, double factor, Duration maxInterval, double jitter, Duration maxAge) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMinutes(5), 2.0, Duration.ofHours(4),
            0.2, Duration.ofDays(3));

    public RetryPolicy {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(maxInterval, "maxInterval");
        Objects.requireNonNull(maxAge, "maxAge");
    }
}
