package dev.salvo.smtp;

/**
 * Why a session could not be opened or went down. Immutable and stackless: it is an outcome that
 * callers act on (retry later, or give up), not a bug.
 */
public final class SessionFailure extends RuntimeException {
    /** What went wrong, and whether trying again as it is could help. */
    public enum Kind {
        CONNECT_FAILED(false),
        TIMEOUT(false),
        DISCONNECTED(false),
        /** 554 greeting, or 421 at any point (RFC 5321 §3.1, §4.2.2). */
        REFUSED(false),
        PROTOCOL_ERROR(false),
        /** The handshake failed: certificate, host name, or protocol. */
        TLS_FAILED(true),
        /** STARTTLS was required and the server does not offer it (or refused it). */
        TLS_UNAVAILABLE(true),
        /** AUTH refused our credentials (535, RFC 4954 §6): retrying the same password is pointless. */
        AUTH_FAILED(true),
        /** Credentials were given but the server offers no mechanism we speak, or no AUTH at all. */
        AUTH_UNAVAILABLE(true),
        /** Credentials would have gone over plaintext and the user did not allow that. */
        AUTH_NEEDS_TLS(true);

        private final boolean permanent;

        Kind(boolean permanent) {
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }

    private final Kind kind;
    private final SmtpReply reply;

    public SessionFailure(Kind kind, String message, SmtpReply reply) {
        super(message, null, false, false);
        this.kind = kind;
        this.reply = reply;
    }

    public Kind kind() {
        return kind;
    }

    /** The server's reply that caused this, or null. */
    public SmtpReply reply() {
        return reply;
    }

    /** The reply to record for every recipient this failure touches. */
    public SmtpReply asReply() {
        if (reply != null && !reply.isPositive() && !reply.isIntermediate()) {
            return reply;
        }
        return kind.permanent()
                ? SmtpReply.local(554, "5.7.0", getMessage())
                : SmtpReply.local(421, "4.4.2", getMessage());
    }
}
