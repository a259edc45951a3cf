package dev.salvo.smtp;

import java.util.Locale;

/** How a session protects itself. */
public enum TlsMode {
    /** STARTTLS (RFC 3207) is required: a server without it is refused. The default toward relays. */
    STARTTLS,
    /** STARTTLS when the server offers it, plaintext otherwise. */
    OPPORTUNISTIC,
    /** TLS from the first byte (SMTPS, port 465, RFC 8314 §3). */
    IMPLICIT,
    /** Plaintext only. */
    NONE;

    /** Parses the CLI spelling ("starttls", "opportunistic", "implicit", "none"). */
    public static TlsMode parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown TLS mode '" + s + "': use starttls, opportunistic, implicit or none");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
