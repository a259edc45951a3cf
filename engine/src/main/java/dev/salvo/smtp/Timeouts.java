package dev.salvo.smtp;

import java.time.Duration;

/**
 * How long each phase may wait for the server. RFC 5321 §4.5.3.2 gives the upper bounds a client
 * SHOULD allow (5 minutes for the greeting, MAIL and RCPT, 2 for DATA, 10 for the end of data);
 * toward a relay we own or a load test that is far too patient, so the defaults are shorter and
 * every one is configurable.
 */
public record Timeouts(
        Duration connect,
        Duration greeting,
        Duration ehlo,
        Duration starttls,
        Duration auth,
        Duration mail,
        Duration rcpt,
        Duration data,
        Duration endOfData,
        Duration quit) {

    public static final Timeouts DEFAULTS = new Timeouts(
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            Duration.ofSeconds(120),
            Duration.ofSeconds(10));

    /** RFC 5321 §4.5.3.2's own values, for direct delivery to MX hosts that are slow on purpose. */
    public static final Timeouts RFC_5321 = new Timeouts(
            Duration.ofSeconds(30),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            Duration.ofMinutes(2),
            Duration.ofMinutes(10),
            Duration.ofMinutes(1));

    /** Every phase, connect included, given the same bound: for tests and impatient load tests. */
    public static Timeouts all(Duration d) {
        return new Timeouts(d, d, d, d, d, d, d, d, d, d);
    }
}
