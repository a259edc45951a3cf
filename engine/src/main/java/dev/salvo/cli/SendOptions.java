package dev.salvo.cli;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.InvalidMessageException;
import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.Credentials;
import dev.salvo.smtp.Timeouts;
import dev.salvo.smtp.TlsMode;
import dev.salvo.smtp.TrustSource;
import java.nio.file.Files;
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
                    .withTls(mode, trust())
                    .withCredentials(credentials(environment), cmd.allowPlaintextAuth)
                    .withEhloName(cmd.ehlo)
                    .withPipelining(!cmd.noPipelining)
                    .withChunking(!cmd.noChunking);
            return cmd.timeoutSeconds == null ? s : s.withTimeouts(Timeouts.all(Duration.ofSeconds(cmd.timeoutSeconds)));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage()); // the EHLO name or a NUL in the credentials
        }
    }

    private TrustSource trust() {
        if (cmd.trust != null && cmd.insecureTrustAll) {
            throw new UserError("--trust and --insecure-trust-all contradict each other: give one of them");
        }
        if (cmd.insecureTrustAll) {
            return TrustSource.insecureTrustAll();
        }
        if (cmd.trust == null) {
            return TrustSource.system();
        }
        if (!Files.isRegularFile(cmd.trust) || !Files.isReadable(cmd.trust)) {
            throw new UserError("--trust file '" + cmd.trust + "' does not exist or is not a readable file");
        }
        return TrustSource.pem(cmd.trust);
    }

    private Credentials credentials(UnaryOperator<String> environment) {
        if (cmd.user == null && cmd.passwordEnv == null) {
            return null;
        }
        if (cmd.user == null) {
            throw new UserError("--password-env needs --user: whose password is it?");
        }
        if (cmd.passwordEnv == null) {
            throw new UserError("--user needs --password-env VAR, the environment variable that holds the password");
        }
        String password = environment.apply(cmd.passwordEnv);
        if (password == null) {
            throw new UserError("the environment variable " + cmd.passwordEnv + " (named by --password-env) is not set");
        }
        return Credentials.password(cmd.user, password);
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
