package dev.salvo.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How a destination backs off when the receiver pushes back.
 *
 * @param suspendOn421        how long to stop opening connections after a 421 (RFC 5321 §3.8: service closing)
 * @param rateLimitBurst      this many rate-limit replies (enhanced code 4.7.x) ...
 * @param rateLimitWindow     ... within this window suspend the destination ...
 * @param suspendOnRateLimit  ... for this long
 * @param slowdownFactor      after a suspension, resume at this fraction of the configured rate
 * @param rampUp              and climb back to the full rate over this long
 */
public record Backoff(Duration suspendOn421, int rateLimitBurst, Duration rateLimitWindow,
                      Duration suspendOnRateLimit, double slowdownFactor, Duration rampUp) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofMinutes(2), 5, Duration.ofSeconds(60),
            Duration.ofMinutes(5), 0.5, Duration.ofMinutes(10));

    public Backoff {
        Objects.requireNonNull(suspendOn421, "suspendOn421");
        Objects.requireNonNull(rateLimitWindow, "rateLimitWindow");
        Objects.requireNonNull(suspendOnRateLimit, "suspendOnRateLimit");
        Objects.requireNonNull(rampUp, "rampUp");
    }
}
