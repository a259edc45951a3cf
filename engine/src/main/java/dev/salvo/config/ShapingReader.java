package dev.salvo.config;

import java.time.Duration;
import java.util.List;

/** Reads shaping keys over a base, so that what a section leaves out keeps the base's value. */
final class ShapingReader {
    static final List<String> KEYS = List.of("max_connections", "max_new_connections_per_minute",
            "max_messages_per_connection", "max_recipients_per_transaction", "rate", "idle_timeout", "backoff");

    static final List<String> BACKOFF_KEYS = List.of("suspend_on_421", "rate_limit_burst", "rate_limit_window",
            "suspend_on_rate_limit", "slowdown_factor", "ramp_up");

    private static final Duration DAY = Duration.ofDays(1);

    private ShapingReader() {}

    static Shaping read(ConfigSection s, Shaping base) {
        return new Shaping(
                s.integer("max_connections", 1, 10_000, base.maxConnections()),
                s.integer("max_new_connections_per_minute", 1, 100_000, base.maxNewConnectionsPerMinute()),
                s.integer("max_messages_per_connection", 1, 1_000_000, base.maxMessagesPerConnection()),
                // RFC 5321 §4.5.3.1.8: a server must take at least 100 recipients; many refuse more than 1000.
                s.integer("max_recipients_per_transaction", 1, 1000, base.maxRecipientsPerTransaction()),
                rate(s, base.rate()),
                s.duration("idle_timeout", Duration.ofSeconds(1), Duration.ofHours(1), base.idleTimeout()),
                backoff(s.section("backoff", BACKOFF_KEYS), base.backoff()));
    }

    private static Rate rate(ConfigSection s, Rate fallback) {
        YamlNode.Entry e = s.entry("rate");
        if (e == null) {
            return fallback;
        }
        String expected = "rate must be 'unlimited' or count/period such as 100/s, 3000/min, 50000/h or 10/5s";
        String text = s.scalar(e.value(), expected);
        if (text.trim().equalsIgnoreCase("unlimited")) {
            return null;
        }
        try {
            return Rate.parse(text);
        } catch (IllegalArgumentException bad) {
            throw s.fail(e.value(), expected + ", got '" + text + "'");
        }
    }

    private static Backoff backoff(ConfigSection s, Backoff base) {
        return new Backoff(
                s.duration("suspend_on_421", Duration.ZERO, DAY, base.suspendOn421()),
                s.integer("rate_limit_burst", 1, 10_000, base.rateLimitBurst()),
                s.duration("rate_limit_window", Duration.ofSeconds(1), DAY, base.rateLimitWindow()),
                s.duration("suspend_on_rate_limit", Duration.ZERO, DAY, base.suspendOnRateLimit()),
                // Zero would never resume; 1 means no slowdown.
                s.decimal("slowdown_factor", 0.01, 1.0, base.slowdownFactor()),
                s.duration("ramp_up", Duration.ZERO, DAY, base.rampUp()));
    }
}
