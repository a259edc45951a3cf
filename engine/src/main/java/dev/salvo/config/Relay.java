package dev.salvo.config;

import java.util.Objects;

/**
 * A smarthost that takes all mail for a route.
 *
 * @param tls         starttls (required), opportunistic (if offered), implicit (TLS from the first byte), none
 * @param trust       "system", "insecure-trust-all", or the absolute path of a PEM file of trusted certificates
 * @param user        the AUTH user, or null for no AUTH
 * @param passwordEnv the environment variable that holds the password, or null; never the password itself
 */
public record Relay(String host, int port, String tls, String trust, String user, String passwordEnv) {

    public static final String STARTTLS = "starttls";
    public static final String OPPORTUNISTIC = "opportunistic";
    public static final String IMPLICIT = "implicit";
    public static final String NONE = "none";
    public static final String TRUST_SYSTEM = "system";
    public static final String TRUST_ALL = "insecure-trust-all";

    public Relay {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(trust, "trust");
    }

    /** True when trust names a PEM file rather than one of the two keywords. */
    public boolean trustsPemFile() {
        return !trust.equals(TRUST_SYSTEM) && !trust.equals(TRUST_ALL);
    }
}
