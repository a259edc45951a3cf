package dev.salvo.cli;

import dev.salvo.events.EventLog;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.InvalidMessageException;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.SessionInfo;
import dev.salvo.smtp.SmtpClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `salvo send`: one message to many recipients through one relay. Validates everything before it connects. */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        headerHeading = "",
        header = "Send one message to many recipients through an SMTP relay.",
        description = {
            "",
            "Every input is checked before the first connection: a bad sender, message or option sends nothing.",
            "Addresses in --recipients that do not parse are reported with their line numbers, logged as"
                    + " 'rejected' and skipped; the others are sent.",
            "Each recipient gets its own transaction. Deferred recipients are reported, not retried, in this version.",
            ""
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  every recipient was delivered",
            "  1  some recipients were bounced, deferred or rejected: see the summary",
            "  2  bad command line or input: nothing was sent",
            "  3  the relay was unusable (connection, TLS or AUTH failure)",
            "",
            "Example:",
            "  export SMTP_PASSWORD=...",
            "  salvo send --relay smtp.example.com:587 \\",
            "      --user mailer --password-env SMTP_PASSWORD \\",
            "      --from news@example.com --recipients list.csv \\",
            "      --message issue-42.eml --events issue-42.jsonl"
        })
final class SendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--relay", required = true, paramLabel = "HOST:PORT",
            description = "The relay to send through, e.g. smtp.example.com:587, 127.0.0.1:2525 or [::1]:2525.")
    String relay;

    @Option(names = "--tls", paramLabel = "MODE", defaultValue = "starttls",
            description = "starttls (required, the default), opportunistic (STARTTLS when offered), implicit (TLS from"
                    + " the first byte, port 465) or none.")
    String tls;

    @Mixin
    RelaySecurityOptions security;

    @Option(names = "--from", required = true, paramLabel = "ADDR", description = "The envelope sender (MAIL FROM).")
    String from;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Recipients recipients;

    static final class Recipients {
        @Option(names = "--to", paramLabel = "ADDR", arity = "1..*", required = true,
                description = "A recipient; repeat or list several.")
        List<String> to;

        @Option(names = "--recipients", paramLabel = "FILE", required = true,
                description = "One address a line, or CSV with an 'email' column in its header row. Blank lines and"
                        + " lines starting with # are skipped.")
        Path file;
    }

    @Option(names = "--message", required = true, paramLabel = "FILE.eml",
            description = "The message to send (RFC 5322, with headers), as is.")
    Path message;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "4",
            description = "Connections to open to the relay (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--events", paramLabel = "FILE.jsonl",
            description = "Write one JSON line per recipient outcome to this file (created or truncated).")
    Path events;

    @Mixin
    SessionOptions session;

    @Option(names = "--quiet", description = "No progress line; the summary is still printed.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ConnectionSettings settings = new SendOptions(this).settings(System::getenv);
        EmailAddress sender = SendOptions.address("--from", from);
        RecipientSource.Resolved rcpts = RecipientSource.resolve(recipients.to, recipients.file, err);
        MessageContent content = load(message);
        try {
            Tally tally = new SendJob(settings, sender, rcpts, content, connections, events, progressMode())
                    .run(spec.commandLine().getOut(), err);
            return tally.allDelivered() ? ExitCodes.OK : ExitCodes.PARTIAL;
        } finally {
            // Only now: every transaction shared this one content, and the job has shut its client down.
            content.release();
        }
    }

    private static MessageContent load(Path file) {
        try {
            return MessageContent.fromFile(file);
        } catch (InvalidMessageException e) {
            throw new UserError(e.getMessage());
        }
    }

    ProgressLine.Mode progressMode() {
        if (quiet) {
            return ProgressLine.Mode.QUIET;
        }
        return System.console() != null ? ProgressLine.Mode.TERMINAL : ProgressLine.Mode.LOG;
    }
}
