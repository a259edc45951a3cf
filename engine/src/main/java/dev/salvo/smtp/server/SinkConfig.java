package dev.salvo.smtp.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SmtpSink} listens and how it misbehaves on purpose. Build one with
 * {@link #builder()}; every field has a default that makes a plain, well-behaved loopback sink.
 */
public record SinkConfig(
        InetSocketAddress listen,
        String hostname,
        Tls tls,
        Path certificatePem,
        Path privateKeyPem,
        boolean implicitTls,
        String authUser,
        String authPassword,
        boolean requireAuth,
        boolean allowPlaintextAuth,
        Path maildir,
        int captureLimit,
        String rejectPrefix,
        String tempfailPrefix,
        int rejectPercent,
        int tempfailPercent,
        long seed,
        int maxMessagesPerConnection,
        long latencyMs,
        int maxConnections,
        long maxSize,
        int maxRecipients,
        Duration idleTimeout) {

    /** Where the sink's certificate comes from. */
    public enum Tls {
        NONE,
        /** A certificate for localhost, 127.0.0.1 and ::1, generated at start. */
        SELF_SIGNED,
        /** {@link #certificatePem()} and {@link #privateKeyPem()} (PKCS#8). */
        PEM_FILES
    }

    public static final int DEFAULT_PORT = 2525;
    /** 35 MB, as large providers accept. */
    public static final long DEFAULT_MAX_SIZE = 35L * 1024 * 1024;

    public SinkConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (hostname.isEmpty() || !hostname.chars().allMatch(c -> c > ' ' && c < 127)) {
            // It goes into the greeting and EHLO reply as is (RFC 5321 §4.1.4 Domain): no spaces or CR/LF.
            throw new IllegalArgumentException("hostname must be printable ASCII without spaces: " + hostname);
        }
        if (tls == Tls.PEM_FILES && (certificatePem == null || privateKeyPem == null)) {
            throw new IllegalArgumentException("TLS from PEM files needs both a certificate and a key");
        }
        if (implicitTls && tls == Tls.NONE) {
            throw new IllegalArgumentException("implicit TLS needs a TLS certificate");
        }
        if ((authUser == null) != (authPassword == null)) {
            throw new IllegalArgumentException("auth needs both a user and a password");
        }
        if (requireAuth && authUser == null) {
            throw new IllegalArgumentException("requireAuth needs a user and password");
        }
        checkPercent("rejectPercent", rejectPercent);
        checkPercent("tempfailPercent", tempfailPercent);
        if (rejectPercent + tempfailPercent > 100) {
            throw new IllegalArgumentException("rejectPercent + tempfailPercent must be at most 100");
        }
        checkNotNegative("captureLimit", captureLimit);
        checkNotNegative("maxMessagesPerConnection", maxMessagesPerConnection);
        checkNotNegative("latencyMs", latencyMs);
        checkNotNegative("maxConnections", maxConnections);
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1 byte");
        }
        if (maxRecipients < 1) {
            throw new IllegalArgumentException("maxRecipients must be at least 1");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    boolean authConfigured() {
        return authUser != null;
    }

    boolean tlsConfigured() {
        return tls != Tls.NONE;
    }

    private static void checkPercent(String name, int value) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException(name + " must be between 0 and 100, not " + value);
        }
    }

    private static void checkNotNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, not " + value);
        }
    }

    /** Mutable companion of {@link SinkConfig}; 0 means "no limit" for the connection-level limits. */
    public static final class Builder {
        private InetSocketAddress listen =
                new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT);
        private String hostname = "localhost";
        private Tls tls = Tls.NONE;
        private Path certificatePem;
        private Path privateKeyPem;
        private boolean implicitTls;
        private String authUser;
        private String authPassword;
        private boolean requireAuth;
        private boolean allowPlaintextAuth;
        private Path maildir;
        private int captureLimit;
        private String rejectPrefix = "bounce-hard";
        private String tempfailPrefix = "bounce-soft";
        private int rejectPercent;
        private int tempfailPercent;
        private long seed;
        private int maxMessagesPerConnection;
        private long latencyMs;
        private int maxConnections;
        private long maxSize = DEFAULT_MAX_SIZE;
        private int maxRecipients = 1000;
        private Duration idleTimeout = Duration.ofMinutes(5);

        private Builder() {}

        private Builder(SinkConfig c) {
            listen = c.listen;
            hostname = c.hostname;
            tls = c.tls;
            certificatePem = c.certificatePem;
            privateKeyPem = c.privateKeyPem;
            implicitTls = c.implicitTls;
            authUser = c.authUser;
            authPassword = c.authPassword;
            requireAuth = c.requireAuth;
            allowPlaintextAuth = c.allowPlaintextAuth;
            maildir = c.maildir;
            captureLimit = c.captureLimit;
            rejectPrefix = c.rejectPrefix;
            tempfailPrefix = c.tempfailPrefix;
            rejectPercent = c.rejectPercent;
            tempfailPercent = c.tempfailPercent;
            seed = c.seed;
            maxMessagesPerConnection = c.maxMessagesPerConnection;
            latencyMs = c.latencyMs;
            maxConnections = c.maxConnections;
            maxSize = c.maxSize;
            maxRecipients = c.maxRecipients;
            idleTimeout = c.idleTimeout;
        }

        public Builder listen(InetSocketAddress v) { listen = v; return this; }

        /** Loopback, port 0: the kernel picks a free port; read it from {@link SmtpSink#port()}. */
        public Builder ephemeralPort() {
            listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            return this;
        }

        public Builder hostname(String v) { hostname = v; return this; }
        public Builder selfSignedTls() { tls = Tls.SELF_SIGNED; return this; }

        public Builder pemTls(Path certificate, Path privateKey) {
            tls = Tls.PEM_FILES;
            certificatePem = certificate;
            privateKeyPem = privateKey;
            return this;
        }

        public Builder implicitTls(boolean v) { implicitTls = v; return this; }

        public Builder auth(String user, String password) {
            authUser = user;
            authPassword = password;
            return this;
        }

        public Builder requireAuth(boolean v) { requireAuth = v; return this; }
        public Builder allowPlaintextAuth(boolean v) { allowPlaintextAuth = v; return this; }
        public Builder maildir(Path v) { maildir = v; return this; }
        /** Keep up to {@code v} received messages in memory, for {@link SmtpSink#received()}. */
        public Builder captureLimit(int v) { captureLimit = v; return this; }
        /** {@code null} turns the prefix off. */
        public Builder rejectPrefix(String v) { rejectPrefix = v; return this; }
        public Builder tempfailPrefix(String v) { tempfailPrefix = v; return this; }
        public Builder rejectPercent(int v) { rejectPercent = v; return this; }
        public Builder tempfailPercent(int v) { tempfailPercent = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder maxMessagesPerConnection(int v) { maxMessagesPerConnection = v; return this; }
        public Builder latencyMs(long v) { latencyMs = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder maxSize(long v) { maxSize = v; return this; }
        public Builder maxRecipients(int v) { maxRecipients = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }

        public SinkConfig build() {
            return new SinkConfig(listen, hostname, tls, certificatePem, privateKeyPem, implicitTls,
                    authUser, authPassword, requireAuth, allowPlaintextAuth, maildir, captureLimit,
                    rejectPrefix, tempfailPrefix, rejectPercent, tempfailPercent, seed,
                    maxMessagesPerConnection, latencyMs, maxConnections, maxSize, maxRecipients,
                    idleTimeout);
        }
    }
}
