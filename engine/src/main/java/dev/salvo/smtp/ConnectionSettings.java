package dev.salvo.smtp;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Everything one client session needs to know about its peer and how to talk to it.
 *
 * @param host the server's host name or address literal; TLS verifies the certificate against it
 * @param port the server's port (587 submission, 465 implicit TLS, 25 MX)
 * @param tlsMode see {@link TlsMode}
 * @param trust where TLS trust comes from
 * @param credentials AUTH credentials, or null for no AUTH
 * @param allowPlaintextAuth send credentials without TLS; off unless the user explicitly asks
 * @param ehloName the name we give in EHLO/HELO
 * @param localAddress bind to this source address, or null for the system's choice
 * @param pipelining use PIPELINING (RFC 2920) when the server offers it
 * @param chunking use BDAT (RFC 3030) when the server offers CHUNKING
 * @param maxInFlight bound on commands written and not yet answered; beyond it {@code send} is refused
 * @param timeouts per-phase timeouts
 */
public record ConnectionSettings(
        String host,
        int port,
        TlsMode tlsMode,
        TrustSource trust,
        Credentials credentials,
        boolean allowPlaintextAuth,
        String ehloName,
        InetSocketAddress localAddress,
        boolean pipelining,
        boolean chunking,
        int maxInFlight,
        Timeouts timeouts) {

    public ConnectionSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tlsMode, "tlsMode");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(ehloName, "ehloName");
        Objects.requireNonNull(timeouts, "timeouts");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
        if (maxInFlight < 8) {
            throw new IllegalArgumentException("maxInFlight must be at least 8, was " + maxInFlight);
        }
        for (int i = 0; i < ehloName.length(); i++) {
            char c = ehloName.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("the EHLO name must be a host name without spaces or control characters: '" + ehloName + "'");
            }
        }
    }

    /** A relay on host:port with the secure defaults: STARTTLS required, system trust, no AUTH, pipelining and BDAT on. */
    public static ConnectionSettings relay(String host, int port) {
        return new ConnectionSettings(host, port, TlsMode.STARTTLS, TrustSource.system(), null, false,
                "localhost", null, true, true, 4096, Timeouts.DEFAULTS);
    }

    public ConnectionSettings withTls(TlsMode mode, TrustSource trust) {
        return new ConnectionSettings(host, port, mode, trust, credentials, allowPlaintextAuth, ehloName, localAddress,
                pipelining, chunking, maxInFlight, timeouts);
    }

    public ConnectionSettings withCredentials(Credentials credentials, boolean allowPlaintextAuth) {
        return new ConnectionSettings(host, port, tlsMode, trust, credentials, allowPlaintextAuth, ehloName, localAddress,
                pipelining, chunking, maxInFlight, timeouts);
    }

    public ConnectionSettings withEhloName(String name) {
        return new ConnectionSettings(host, port, tlsMode, trust, credentials, allowPlaintextAuth, name, localAddress,
                pipelining, chunking, maxInFlight, timeouts);
    }

    public ConnectionSettings withLocalAddress(InetSocketAddress local) {
        return new ConnectionSettings(host, port, tlsMode, trust, credentials, allowPlaintextAuth, ehloName, local,
                pipelining, chunking, maxInFlight, timeouts);
    }

    public ConnectionSettings withPipelining(boolean on) {
        return new ConnectionSettings(host, port, tlsMode, trust, credentials, allowPlaintextAuth, ehloName, localAddress,
                on, chunking, maxInFlight, timeouts);
    }

    public ConnectionSettings withChunking(boolean on) {
        return new ConnectionSettings(host, port, tlsMode, trust, credentials, allowPlaintextAuth, ehloName, localAddress,
                pipelining, on, maxInFlight, timeouts);
    }

    public ConnectionSettings withTimeouts(Timeouts t) {
        return new ConnectionSettings(host, port, tlsMode, trust, credentials, allowPlaintextAuth, ehloName, localAddress,
                pipelining, chunking, maxInFlight, t);
    }

    /** "host:port", with brackets around an IPv6 literal. */
    public String destination() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        // Records print every component; this one must not print credentials beyond their safe form.
        return "ConnectionSettings[" + destination() + ", tls=" + tlsMode + ", trust=" + trust
                + ", auth=" + (credentials == null ? "none" : credentials) + "]";
    }
}
