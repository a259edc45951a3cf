package dev.salvo.smtp;

import java.util.Objects;

/**
 * What AUTH proves: a user name with a password (PLAIN, LOGIN) or an OAuth 2.0 bearer token
 * (XOAUTH2). {@link #toString()} never shows the secret, so a credential can't leak into a log.
 */
public final class Credentials {
    private final String username;
    private final String secret;
    private final boolean oauthToken;

    private Credentials(String username, String secret, boolean oauthToken) {
        this.username = Objects.requireNonNull(username, "username");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.oauthToken = oauthToken;
        if (username.isEmpty()) {
            throw new IllegalArgumentException("the AUTH user name is empty");
        }
        if (username.indexOf('\0') >= 0 || secret.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("AUTH user names and secrets cannot contain NUL bytes");
        }
    }

    public static Credentials password(String username, String password) {
        return new Credentials(username, password, false);
    }

    public static Credentials oauth2(String username, String accessToken) {
        return new Credentials(username, accessToken, true);
    }

    public String username() {
        return username;
    }

    String secret() {
        return secret;
    }

    public boolean isOauthToken() {
        return oauthToken;
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", " + (oauthToken ? "token" : "password") + "=***]";
    }
}
