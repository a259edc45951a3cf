package dev.salvo.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits one destination sends under.
 *
 * @param rate null when unlimited
 */
public record Shaping(int maxConnections, int maxNewConnectionsPerMinute, int maxMessagesPerConnection,
                      int maxRecipientsPerTransaction, Rate rate, Duration idleTimeout, Backoff backoff) {

    public static final Shaping DEFAULT = new Shaping(10, 60, 1000, 50, null, Duration.ofSeconds(30), Backoff.DEFAULT);

    public Shaping {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(backoff, "backoff");
    }
}
