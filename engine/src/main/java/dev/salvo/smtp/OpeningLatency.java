package dev.salvo.smtp;

/**
 * How long each step of opening a session took, in nanoseconds; -1 where the step did not happen
 * (no STARTTLS, no AUTH) or was not timed. With implicit TLS the handshake is inside {@code greeting}.
 */
public record OpeningLatency(long connect, long greeting, long ehlo, long starttls, long auth) {
    public static final OpeningLatency UNKNOWN = new OpeningLatency(-1, -1, -1, -1, -1);
}
