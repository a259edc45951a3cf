package dev.salvo.smtp;

import java.nio.file.Path;
import java.util.Objects;

/** Where a client's TLS trust comes from. Host names are verified in every case but {@link #insecureTrustAll()}. */
public final class TrustSource {
    private static final TrustSource SYSTEM = new TrustSource(null, false);
    private static final TrustSource TRUST_ALL = new TrustSource(null, true);

    private final Path pemFile;
    private final boolean trustAll;

    private TrustSource(Path pemFile, boolean trustAll) {
        this.pemFile = pemFile;
        this.trustAll = trustAll;
    }

    /** The JDK's CA certificates (the system's trust store). */
    public static TrustSource system() {
        return SYSTEM;
    }

    /** CA or server certificates from a PEM file. */
    public static TrustSource pem(Path file) {
        return new TrustSource(Objects.requireNonNull(file), false);
    }

    /** No certificate or host-name check at all: only for tests against self-signed servers. */
    public static TrustSource insecureTrustAll() {
        return TRUST_ALL;
    }

    public Path pemFile() {
        return pemFile;
    }

    public boolean trustAll() {
        return trustAll;
    }

    @Override
    public String toString() {
        return trustAll ? "insecure-trust-all" : pemFile == null ? "system" : "pem:" + pemFile;
    }
}
