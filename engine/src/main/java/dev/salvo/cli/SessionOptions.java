package dev.salvo.cli;

import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.Timeouts;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How a session talks once open (--ehlo, --no-pipelining, --no-chunking, --timeout); shared by `salvo send` and `salvo blast`. */
final class SessionOptions {
    @Option(names = "--ehlo", paramLabel = "NAME", defaultValue = "localhost",
            description = "The name to give in EHLO (default: ${DEFAULT-VALUE}).")
    String ehlo;

    @Option(names = "--no-pipelining", description = "Do not use PIPELINING (RFC 2920) even when offered.")
    boolean noPipelining;

    @Option(names = "--no-chunking", description = "Do not use CHUNKING/BDAT (RFC 3030) even when offered.")
    boolean noChunking;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Wait at most this long for the server in every phase (default: 10 s to connect, 60 s per"
                    + " command, 120 s after the message).")
    Integer timeoutSeconds;

    /** Checks the values; a bad one is a {@link UserError} naming its flag. */
    void check() {
        if (timeoutSeconds != null && timeoutSeconds < 1) {
            throw new UserError("--timeout must be at least 1 second, was " + timeoutSeconds);
        }
    }

    /** Throws IllegalArgumentException for a bad EHLO name; call {@link #check} first. */
    ConnectionSettings applyTo(ConnectionSettings s) {
        ConnectionSettings out = s.withEhloName(ehlo).withPipelining(!noPipelining).withChunking(!noChunking);
        return timeoutSeconds == null ? out : out.withTimeouts(Timeouts.all(Duration.ofSeconds(timeoutSeconds)));
    }
}
