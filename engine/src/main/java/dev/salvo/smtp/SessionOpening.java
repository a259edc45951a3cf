package dev.salvo.smtp;

import static dev.salvo.smtp.InFlightQueue.AUTH;
import static dev.salvo.smtp.InFlightQueue.EHLO;
import static dev.salvo.smtp.InFlightQueue.HELO;
import static dev.salvo.smtp.InFlightQueue.STARTTLS;

import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * Opening a client session, one step per reply: greeting, EHLO (or HELO), STARTTLS and EHLO again
 * (RFC 3207), AUTH (RFC 4954). Each step is lockstep: nothing may be pipelined before the server
 * has said what it can do, nor across a change of TLS state.
 *
 * <p>Runs on the connection's event loop, called by {@link SmtpClientHandler}.
 */
final class SessionOpening {
    private final SmtpClientHandler session;
    private final ConnectionSettings settings;
    private final ReplyDecoder decoder;
    private EhloCapabilities caps = EhloCapabilities.NONE;
    private String tlsProtocol;
    private String tlsCipher;
    private AuthDialogue auth;
    private String authMechanism;
    /** When each opening step ended, on the event loop's ticker; 0 = not (yet) reached. */
    private long connectStarted;
    private long active;
    private long greeted;
    private long ehloDone;
    private long tlsDone;
    private long authDone;

    SessionOpening(SmtpClientHandler session, ConnectionSettings settings, ReplyDecoder decoder) {
        this.session = session;
        this.settings = settings;
        this.decoder = decoder;
    }

    EhloCapabilities capabilities() {
        return caps;
    }

    SessionInfo info(String id, boolean pipelining, boolean chunking) {
        return new SessionInfo(id, settings.destination(), caps, tlsProtocol, tlsCipher, authMechanism, pipelining, chunking,
                latency());
    }

    void connectStarted(long nanos) {
        connectStarted = nanos;
    }

    void active() {
        active = session.now();
    }

    private OpeningLatency latency() {
        long afterEhlo = tlsDone != 0 ? tlsDone : ehloDone;
        return new OpeningLatency(
                span(connectStarted, active),
                span(active, greeted),
                span(greeted, ehloDone),
                span(ehloDone, tlsDone),
                span(afterEhlo, authDone));
    }

    private static long span(long from, long to) {
        return from == 0 || to == 0 ? -1 : to - from;
    }


    void onGreeting(SmtpReply r) {
        greeted = session.now();
        if (r.code() != 220) {
            // RFC 5321 §3.1: a 554 greeting means no SMTP service here.
            session.fail(SessionFailure.Kind.REFUSED, "the server at " + settings.destination() + " refused the session in its greeting: " + r, r);
            return;
        }
        sendEhlo(EHLO);
    }

    private void sendEhlo(byte kind) {
        CommandEncoder.ehlo(session.buffer(), kind == HELO, settings.ehloName());
        session.expect(kind, null, 0);
        session.flush();
    }

    void onEhlo(byte kind, SmtpReply r) {
        if (kind == EHLO && (r.code() == 500 || r.code() == 502)) {
            sendEhlo(HELO); // RFC 5321 §3.2: fall back to HELO for a server that does not know EHLO
            return;
        }
        if (!r.isPositive()) {
            session.fail(SessionFailure.Kind.REFUSED, "the server refused " + InFlightQueue.name(kind) + ": " + r, r);
            return;
        }
        caps = kind == EHLO ? EhloCapabilities.parse(r) : EhloCapabilities.NONE;
        if (tlsProtocol != null && settings.tlsMode() != TlsMode.IMPLICIT) {
            tlsDone = session.now();
        } else {
            ehloDone = session.now();
        }
        boolean wantTls = settings.tlsMode() == TlsMode.STARTTLS || settings.tlsMode() == TlsMode.OPPORTUNISTIC;
        if (wantTls && tlsProtocol == null) {
            if (caps.starttls()) {
                session.buffer().writeBytes(CommandEncoder.STARTTLS);
                session.expect(STARTTLS, null, 0);
                session.flush();
                return;
            }
            if (settings.tlsMode() == TlsMode.STARTTLS) {
                session.fail(SessionFailure.Kind.TLS_UNAVAILABLE, "the server at " + settings.destination()
                        + " does not offer STARTTLS, which TLS mode 'starttls' requires; use --tls opportunistic"
                        + " or --tls none only if sending without encryption is acceptable", null);
                return;
            }
        }
        startAuth();
    }

    void onStartTls(SmtpReply r) {
        if (r.code() != 220) {
            if (settings.tlsMode() == TlsMode.STARTTLS) {
                session.fail(SessionFailure.Kind.TLS_UNAVAILABLE, "the server refused STARTTLS: " + r, r);
            } else {
                startAuth();
            }
            return;
        }
        int injected = decoder.undecodedBytes();
        if (injected > 0) {
            // RFC 3207 §4 / CVE-2011-0411: bytes after the 220 and before the handshake were not
            // protected by TLS; acting on them would let a man in the middle inject replies.
            session.fail(SessionFailure.Kind.PROTOCOL_ERROR, "the server sent " + injected + " bytes after its STARTTLS reply"
                    + " and before the TLS handshake; that is an injection attempt, so the connection was closed", r);
            return;
        }
        session.startHandshake(ClientTls.newHandler(session.alloc(), settings));
    }

    void onHandshake(SslHandshakeCompletionEvent e) {
        if (!e.isSuccess()) {
            Throwable c = e.cause();
            String why = c instanceof SSLException ssl ? ClientTls.describe(ssl) : String.valueOf(c);
            session.fail(SessionFailure.Kind.TLS_FAILED, "TLS handshake with " + settings.destination() + " failed: " + why
                    + (settings.trust().trustAll() ? "" : " (the certificate and host name are verified; give --trust FILE.pem for a private CA)"), null);
            return;
        }
        SSLSession s = session.tlsSession();
        tlsProtocol = s.getProtocol();
        tlsCipher = s.getCipherSuite();
        if (settings.tlsMode() != TlsMode.IMPLICIT) {
            // RFC 3207 §4.2: forget everything learnt before TLS and ask again.
            caps = EhloCapabilities.NONE;
            sendEhlo(EHLO);
        }
    }

    private void startAuth() {
        Credentials c = settings.credentials();
        if (c == null) {
            session.becomeReady();
            return;
        }
        if (tlsProtocol == null && !settings.allowPlaintextAuth()) {
            session.fail(SessionFailure.Kind.AUTH_NEEDS_TLS, "refusing to send credentials to " + settings.destination()
                    + " over a plaintext connection; use --tls starttls or implicit (or --allow-plaintext-auth"
                    + " if the network is trusted)", null);
            return;
        }
        auth = AuthDialogue.choose(c, caps.authMechanisms());
        if (auth == null) {
            session.fail(SessionFailure.Kind.AUTH_UNAVAILABLE, caps.authMechanisms().isEmpty()
                    ? "credentials were given but the server at " + settings.destination() + " does not offer AUTH"
                    : "the server offers AUTH " + String.join(" ", caps.authMechanisms()) + ", none of which Salvo can use with "
                            + (c.isOauthToken() ? "a token (XOAUTH2)" : "a password (PLAIN, LOGIN)"), null);
            return;
        }
        CommandEncoder.line(session.buffer(), auth.start());
        session.expect(AUTH, null, 0);
        session.flush();
    }

    void onAuth(SmtpReply r) {
        switch (auth.onReply(r)) {
            case DONE -> {
                authDone = session.now();
                authMechanism = auth.mechanism();
                auth = null;
                session.becomeReady();
            }
            case SEND -> {
                CommandEncoder.line(session.buffer(), auth.nextLine());
                session.expect(AUTH, null, 0);
                session.flush();
            }
            case FAILED -> {
                if (r.isTransient()) {
                    session.fail(SessionFailure.Kind.REFUSED, "temporary AUTH failure: " + r, r);
                } else {
                    session.fail(SessionFailure.Kind.AUTH_FAILED, "the server refused the credentials of user '"
                            + settings.credentials().username() + "' (" + r + "); check the user name and password."
                            + " Salvo does not retry refused credentials", r);
                }
            }
        }
    }
}
