package dev.salvo.cli;

import dev.salvo.smtp.Credentials;
import dev.salvo.smtp.TrustSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The flags that say whom to trust and who we are (--trust, --insecure-trust-all, --user,
 * --password-env, --allow-plaintext-auth), shared by `salvo send` and `salvo blast` so both spell
 * and check them the same way. Every mistake is a {@link UserError}.
 */
final class RelaySecurityOptions {
    @Option(names = "--trust", paramLabel = "FILE.pem",
            description = "Trust the CA or server certificates in this PEM file instead of the system's CAs.")
    Path trust;

    @Option(names = "--insecure-trust-all",
            description = "Accept any certificate and host name. Only for tests against self-signed servers.")
    boolean insecureTrustAll;

    @Option(names = "--user", paramLabel = "USER", description = "Authenticate (AUTH) as this user; needs --password-env.")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR",
            description = "Name of the environment variable holding the password (never the password itself, so it"
                    + " stays out of `ps`).")
    String passwordEnv;

    @Option(names = "--allow-plaintext-auth",
            description = "Allow the password to be sent without TLS. Off by default.")
    boolean allowPlaintextAuth;

    TrustSource trustSource() {
        if (trust != null && insecureTrustAll) {
            throw new UserError("--trust and --insecure-trust-all contradict each other: give one of them");
        }
        if (insecureTrustAll) {
            return TrustSource.insecureTrustAll();
        }
        if (trust == null) {
            return TrustSource.system();
        }
        if (!Files.isRegularFile(trust) || !Files.isReadable(trust)) {
            throw new UserError("--trust file '" + trust + "' does not exist or is not a readable file");
        }
        return TrustSource.pem(trust);
    }

    /** @param environment looks up --password-env's variable; System::getenv outside tests */
    Credentials credentials(UnaryOperator<String> environment) {
        if (user == null && passwordEnv == null) {
            return null;
        }
        if (user == null) {
            throw new UserError("--password-env needs --user: whose password is it?");
        }
        if (passwordEnv == null) {
            throw new UserError("--user needs --password-env VAR, the environment variable that holds the password");
        }
        String password = environment.apply(passwordEnv);
        if (password == null) {
            throw new UserError("the environment variable " + passwordEnv + " (named by --password-env) is not set");
        }
        return Credentials.password(user, password);
    }
}
