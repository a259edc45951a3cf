package dev.salvo.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * One SASL exchange over SMTP AUTH (RFC 4954): picks the mechanism, produces each line to send,
 * and reads the server's challenges. It never logs or returns the secret in any other form than
 * the base64 line written to the socket.
 */
final class AuthDialogue {
    /** What to do after a reply. */
    enum Step { SEND, DONE, FAILED }

    private final Credentials credentials;
    private final String mechanism;
    private int round;
    private String next;

    private AuthDialogue(Credentials credentials, String mechanism) {
        this.credentials = credentials;
        this.mechanism = mechanism;
    }

    /**
     * Chooses from what the server offers: XOAUTH2 for a token; PLAIN, then LOGIN, for a password.
     * Returns null when the server offers nothing we can use.
     */
    static AuthDialogue choose(Credentials credentials, Set<String> offered) {
        if (credentials.isOauthToken()) {
            return offered.contains("XOAUTH2") ? new AuthDialogue(credentials, "XOAUTH2") : null;
        }
        for (String m : new String[] {"PLAIN", "LOGIN"}) {
            if (offered.contains(m)) {
                return new AuthDialogue(credentials, m);
            }
        }
        return null;
    }

    String mechanism() {
        return mechanism;
    }

    /** The first line: the AUTH command, with an initial response where the mechanism allows one (RFC 4954 §4). */
    String start() {
        return switch (mechanism) {
            // RFC 4616 §2: authzid NUL authcid NUL passwd; empty authzid.
            case "PLAIN" -> "AUTH PLAIN " + b64("\0" + credentials.username() + "\0" + credentials.secret());
            case "LOGIN" -> "AUTH LOGIN";
            // Google's XOAUTH2: "user=" user ^A "auth=Bearer " token ^A ^A.
            case "XOAUTH2" -> "AUTH XOAUTH2 " + b64("user=" + credentials.username() + "\u0001auth=Bearer "
                    + credentials.secret() + "\u0001\u0001");
            default -> throw new IllegalStateException(mechanism);
        };
    }

    /** Reads a reply to the last line sent; when it returns SEND, {@link #nextLine()} is what to write. */
    Step onReply(SmtpReply reply) {
        if (reply.code() == 235) {
            return Step.DONE;
        }
        if (reply.code() != 334) {
            return Step.FAILED;
        }
        round++;
        if ("LOGIN".equals(mechanism) && round == 1) {
            next = b64(credentials.username());
        } else if ("LOGIN".equals(mechanism) && round == 2) {
            next = b64(credentials.secret());
        } else {
            // XOAUTH2 sends a base64 JSON error as a 334 challenge; an empty line asks for the final 5xx.
            // Any other unexpected challenge is answered with "*", which cancels (RFC 4954 §4).
            next = "XOAUTH2".equals(mechanism) ? "" : "*";
        }
        return Step.SEND;
    }

    String nextLine() {
        return next;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
