package dev.salvo.smtp.server;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

/**
 * One connection's SASL exchange (RFC 4954): PLAIN (RFC 4616), with an initial response or after
 * a 334, and the de facto LOGIN. Knows the single configured account; credentials never leave
 * this class, and never reach a log.
 */
final class AuthDialogue {
    private enum Step { NONE, PLAIN_RESPONSE, LOGIN_USER, LOGIN_PASSWORD }

    private final byte[] user;
    private final byte[] password;
    private final SinkStats stats;
    private Step step = Step.NONE;
    private byte[] loginUser;
    private boolean authenticated;

    AuthDialogue(SinkConfig config, SinkStats stats) {
        this.user = config.authUser().getBytes(StandardCharsets.UTF_8);
        this.password = config.authPassword().getBytes(StandardCharsets.UTF_8);
        this.stats = stats;
    }

    boolean inProgress() {
        return step != Step.NONE;
    }

    boolean authenticated() {
        return authenticated;
    }

    /** RFC 3207 §4.2: what was learnt before TLS is forgotten. */
    void reset() {
        step = Step.NONE;
        loginUser = null;
        authenticated = false;
    }

    /** The reply to "AUTH mechanism [initial-response]". */
    ByteBuf start(String arguments) {
        String[] words = EsmtpSyntax.words(arguments);
        if (words.length == 0 || words.length > 2) {
            return Replies.SYNTAX.duplicate();
        }
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        String initial = words.length > 1 ? words[1] : null;
        if (mechanism.isEmpty()) {
            return Replies.SYNTAX.duplicate();
        }
        switch (mechanism) {
            case "PLAIN":
                if (initial == null) {
                    step = Step.PLAIN_RESPONSE;
                    return Replies.AUTH_PLAIN_CHALLENGE.duplicate();
                }
                return plain(initial);
            case "LOGIN":
                if (initial == null) {
                    step = Step.LOGIN_USER;
                    return Replies.AUTH_LOGIN_USERNAME.duplicate();
                }
                step = Step.LOGIN_USER;
                return respond(initial);
            default:
                return Replies.UNKNOWN_MECHANISM.duplicate();
        }
    }

    /** The reply to a client response line while {@link #inProgress()}. */
    ByteBuf respond(String line) {
        Step current = step;
        step = Step.NONE;
        if (line.equals("*")) {
            // RFC 4954 §4: a lone "*" cancels the exchange.
            return Replies.AUTH_CANCELLED.duplicate();
        }
        switch (current) {
            case PLAIN_RESPONSE:
                return plain(line);
            case LOGIN_USER:
                loginUser = decode(line);
                if (loginUser == null) {
                    return Replies.BAD_BASE64.duplicate();
                }
                step = Step.LOGIN_PASSWORD;
                return Replies.AUTH_LOGIN_PASSWORD.duplicate();
            case LOGIN_PASSWORD:
                byte[] secret = decode(line);
                if (secret == null) {
                    return Replies.BAD_BASE64.duplicate();
                }
                return verdict(loginUser, secret);
            default:
                throw new IllegalStateException("no AUTH in progress");
        }
    }

    /** RFC 4616 §2: message = [authzid] NUL authcid NUL passwd. */
    private ByteBuf plain(String response) {
        byte[] message = response.equals("=") ? new byte[0] : decode(response);
        if (message == null) {
            return Replies.BAD_BASE64.duplicate();
        }
        int first = indexOfNul(message, 0);
        int second = first < 0 ? -1 : indexOfNul(message, first + 1);
        if (second < 0) {
            stats.authFailed();
            return Replies.AUTH_FAILED.duplicate();
        }
        byte[] authcid = java.util.Arrays.copyOfRange(message, first + 1, second);
        byte[] passwd = java.util.Arrays.copyOfRange(message, second + 1, message.length);
        return verdict(authcid, passwd);
    }

    private ByteBuf verdict(byte[] claimedUser, byte[] claimedPassword) {
        // Constant-time comparisons, so the sink cannot be used to time a guess.
        boolean userOk = MessageDigest.isEqual(user, claimedUser);
        boolean passwordOk = MessageDigest.isEqual(password, claimedPassword);
        if (userOk && passwordOk) {
            authenticated = true;
            stats.authSucceeded();
            return Replies.AUTH_OK.duplicate();
        }
        stats.authFailed();
        return Replies.AUTH_FAILED.duplicate();
    }

    private static int indexOfNul(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
