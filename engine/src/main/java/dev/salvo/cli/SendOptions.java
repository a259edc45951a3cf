package dev.salvo.cli;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.InvalidMessageException;
import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.Timeouts;
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
        TlsMode mode;
        try {
            mode = TlsMode.parse(cmd.tls);
        } catch (IllegalArgumentException e) {
            throw new UserError("--tls: " + e.getMessage());
        }
        if (cmd.connections < 1 || cmd.connections > MAX_CONNECTIONS) {
            throw new UserError("--connections must be from 1 to " + MAX_CONNECTIONS + ", was " + cmd.connections);
        }
        if (cmd.timeoutSeconds != null && cmd.timeoutSeconds < 1) {
            throw new UserError("--timeout must be at least 1 second, was " + cmd.timeoutSeconds);
        }
        try {
            ConnectionSettings s = ConnectionSettings.relay(relay.host(), relay.port())
                    .withTls(mode, cmd.security.trustSource())
                    .withCredentials(cmd.security.credentials(environment), cmd.security.allowPlaintextAuth)
                    .withEhloName(cmd.ehlo)
                    .withPipelining(!cmd.noPipelining)
                    .withChunking(!cmd.noChunking);
            return cmd.timeoutSeconds == null ? s : s.withTimeouts(Timeouts.all(Duration.ofSeconds(cmd.timeoutSeconds)));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage()); // the EHLO name or a NUL in the credentials
        }
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
