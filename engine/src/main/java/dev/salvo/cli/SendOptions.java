package dev.salvo.cli;

import dev.salvo.config.Rate;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.InvalidMessageException;
import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.TlsMode;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Checks `salvo send`'s connection options and turns them into {@link ConnectionSettings}; every mistake is a {@link UserError}. */
final class SendOptions {
    /** More than this is a typo, not a plan: a relay would refuse most of them anyway. */
    static final int MAX_CONNECTIONS = 1000;

    private final SendCommand cmd;

    SendOptions(SendCommand cmd) {
        this.cmd = cmd;
    }

    /** @param environment looks up --password-env's variable; System::getenv outside tests */
    ConnectionSettings settings(UnaryOperator<String> environment) {
        RelayAddress relay = RelayAddress.parse(cmd.relay);
        TlsMode mode = tlsMode(cmd.tls);
        if (cmd.connections < 1 || cmd.connections > MAX_CONNECTIONS) {
            throw new UserError("--connections must be from 1 to " + MAX_CONNECTIONS + ", was " + cmd.connections);
        }
        return settings(relay, mode, cmd.security, cmd.session, environment);
    }

    /** The connection settings both `send` and `blast` build from their flags. */
    static ConnectionSettings settings(RelayAddress relay, TlsMode mode, RelaySecurityOptions security,
            SessionOptions session, UnaryOperator<String> environment) {
        session.check();
        try {
            return session.applyTo(ConnectionSettings.relay(relay.host(), relay.port())
                    .withTls(mode, security.trustSource())
                    .withCredentials(security.credentials(environment), security.allowPlaintextAuth));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage()); // the EHLO name or a NUL in the credentials
        }
    }

    static TlsMode tlsMode(String text) {
        try {
            return TlsMode.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserError("--tls: " + e.getMessage());
        }
    }

    /** --rate, e.g. 100/s or 3000/min. */
    static Rate rate(String text) {
        try {
            return Rate.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserError("--rate: " + e.getMessage());
        }
    }

    /** --max-age: a duration of at least a second. */
    static Duration maxAge(String text) {
        Duration maxAge = CampaignCommandRun.parseDuration("--max-age", text);
        if (maxAge.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new UserError("--max-age must be at least 1s, got '" + text + "'");
        }
        return maxAge;
    }

    /** Parses an address given on the command line; {@code option} names where it came from. */
    static EmailAddress address(String option, String text) {
        try {
            return EmailAddress.parse(text);
        } catch (InvalidMessageException e) {
            throw new UserError(option + ": " + e.getMessage());
        }
    }
}
