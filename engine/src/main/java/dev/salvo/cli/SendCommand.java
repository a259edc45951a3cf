package dev.salvo.cli;

import dev.salvo.config.Rate;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.InvalidMessageException;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.ConnectionSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
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
        header = "Send one message to many recipients through a relay, or a templated campaign through the engine.",
        description = {
            "",
            "Every input is checked before the first connection: a bad sender, message or option sends nothing.",
            "Addresses in --recipients that do not parse are reported with their line numbers, logged as"
                    + " 'rejected' and skipped; the others are sent.",
            "Both go through the engine. With --message each recipient gets its own transaction; deferred recipients"
                    + " are retried (after an eighth of --max-age, doubling) until they are delivered, bounce or expire."
                    + " A relay that fails before any session opened, or refuses TLS or AUTH, ends the run at once (exit 3).",
            ""
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  every recipient was delivered",
            "  1  some recipients were bounced, expired (deferred until --max-age) or rejected: see the summary",
            "  2  bad command line or input: nothing was sent",
            "  3  the relay was unusable (connection, TLS or AUTH failure)",
            "  4  the spool stopped taking writes (disk full, a RocksDB error): what was accepted was still",
            "     sent; run the same command again (same --campaign, same --spool) to go on from there",
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

    @Option(names = "--relay", paramLabel = "HOST:PORT",
            description = "The relay to send through, e.g. smtp.example.com:587, 127.0.0.1:2525 or [::1]:2525."
                    + " Without it, --config's routes decide (a template campaign only).")
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

    @Option(names = "--message", paramLabel = "FILE.eml",
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

    @Option(names = "--template", paramLabel = "FILE.eml",
            description = "A campaign: this message with {{field}} placeholders, rendered for each row of --recipients"
                    + " (a CSV with an 'email' column and the merge fields). Goes through the engine: shaping, retries"
                    + " within --max-age, summary by destination and reply.")
    Path template;

    @Option(names = "--campaign", paramLabel = "ID", defaultValue = "campaign",
            description = "Campaign id, in Message-IDs and the summary (default: ${DEFAULT-VALUE}).")
    String campaign;

    @Option(names = "--config", paramLabel = "FILE.yaml",
            description = "Engine configuration: routes, shaping, retries, rollup, test mode (see config/salvo.yaml).")
    Path config;

    @Option(names = "--rate", paramLabel = "RATE",
            description = "Message rate per destination (the relay, for --message), e.g. 100/s or 3000/min (default: unlimited).")
    String rate;

    @Option(names = "--max-age", paramLabel = "DURATION", defaultValue = "2m",
            description = "How long Salvo keeps trying each recipient before it expires, e.g. 30s or 1h (default:"
                    + " ${DEFAULT-VALUE}). Deferred recipients are retried after an eighth of it (1 s to 30 s), doubling.")
    String maxAge;

    @Option(names = "--bad-rows", paramLabel = "skip|fail", defaultValue = "skip",
            description = "A bad row in the recipients CSV: report it with its line number and go on (skip), or stop (fail).")
    String badRows;

    @Option(names = "--dry-run", arity = "2", paramLabel = "N DIR",
            description = "Render the first N messages of a campaign into DIR as .eml files and send nothing.")
    List<String> dryRun;

    @Option(names = "--dkim-key", paramLabel = "FILE.pem",
            description = "DKIM-sign each campaign message (RFC 6376) with this private key (RSA 1024-4096 bits or"
                    + " Ed25519, PEM); repeat for dual signing. Needs --dkim-domain and --dkim-selector.")
    List<Path> dkimKeys;

    @Option(names = "--dkim-domain", paramLabel = "DOMAIN", description = "The signing domain (d=).")
    String dkimDomain;

    @Option(names = "--dkim-selector", paramLabel = "SELECTOR", arity = "1..*",
            description = "The selector (s=), one per --dkim-key in the same order.")
    List<String> dkimSelectors;

    @Option(names = "--unsubscribe-url", paramLabel = "URL",
            description = "Add RFC 8058 one-click unsubscribe to each campaign message: List-Unsubscribe: <URL> (merge"
                    + " fields allowed, e.g. https://example.com/u?e={{email}}) and List-Unsubscribe-Post:"
                    + " List-Unsubscribe=One-Click, both covered by the DKIM signature.")
    String unsubscribeUrl;

    @Option(names = "--verp-domain", paramLabel = "DOMAIN",
            description = "VERP: each recipient's envelope sender becomes PREFIX+TOKEN@DOMAIN, a signed token naming the"
                    + " message and recipient, so `salvo serve` for DOMAIN can match late bounces (or verp: in --config).")
    String verpDomain;

    @Option(names = "--verp-secret-file", paramLabel = "FILE",
            description = "The VERP HMAC secrets, one a line, the first signs (with --verp-domain).")
    Path verpSecretFile;

    @Option(names = "--verp-prefix", paramLabel = "P", description = "The local part before '+' (default bounces).")
    String verpPrefix;

    @Option(names = "--unsubscribe-mailto", paramLabel = "ADDR",
            description = "Also offer mailto:ADDR in List-Unsubscribe (with --unsubscribe-url).")
    String unsubscribeMailto;

    @picocli.CommandLine.Mixin
    BounceFlags bounces = new BounceFlags();

    @Option(names = "--spool", paramLabel = "DIR",
            description = "Keep the campaign in a RocksDB spool in DIR (a --template campaign): a recipient counts as accepted"
                    + " only once it is durable there, and running the same command again with the same --campaign resumes"
                    + " after a crash without sending anyone a second copy. Without it, nothing is kept (memory).")
    Path spool;

    @Option(names = "--durability", paramLabel = "MODE",
            description = "sync (fsync before a recipient counts as accepted; the default with --spool), batched (fsync at"
                    + " least every --fsync-window; a power cut may lose up to one window) or memory (no spool, load tests)."
                    + " Overrides the config file's spool: mode.")
    String durability;

    @Option(names = "--fsync-window", paramLabel = "DURATION",
            description = "How often --durability batched fsyncs the spool's log (default 100ms, or the config file's spool: window).")
    String fsyncWindow;

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
            description = "Serve Prometheus metrics on http://HOST:PORT/metrics while a campaign runs (loopback only).")
    String metrics;

    @Override
    public Integer call() throws Exception {
        if (template != null) {
            return new CampaignCommandRun(this).call();
        }
        if (message == null) {
            throw new UserError("give the message to send: --message FILE.eml, or --template FILE.eml for a campaign");
        }
        if (relay == null) {
            throw new UserError("--relay HOST:PORT is required with --message (routes from --config are for --template campaigns)");
        }
        if (config != null) {
            throw new UserError("--config is for --template campaigns; with --message, shape the send with --connections,"
                    + " --rate and --max-age");
        }
        if (spool != null || durability != null || fsyncWindow != null) {
            throw new UserError("--spool, --durability and --fsync-window keep --template campaigns (a campaign id tells a"
                    + " rerun where to go on); for one message to a list, make it a template without placeholders and give"
                    + " the list as a CSV with an email column");
        }
        if (verpDomain != null || verpSecretFile != null || verpPrefix != null) {
            throw new UserError("--verp-* sign a return path per recipient of a --template campaign; with --message the"
                    + " envelope sender is --from as given");
        }
        PrintWriter err = spec.commandLine().getErr();
        ConnectionSettings settings = new SendOptions(this).settings(System::getenv);
        EmailAddress sender = SendOptions.address("--from", from);
        Rate perRelay = rate == null ? null : SendOptions.rate(rate);
        Duration age = SendOptions.maxAge(maxAge);
        RecipientSource.Resolved rcpts = RecipientSource.resolve(recipients.to, recipients.file, err);
        MessageContent content = load(message);
        dev.salvo.api.BounceOptions rules = bounces.open();
        try {
            Tally tally = new RelaySend(settings, sender, rcpts, content, connections, perRelay, age, events, progressMode(),
                    rules).run(spec.commandLine().getOut(), err);
            return tally.allDelivered() ? ExitCodes.OK : ExitCodes.PARTIAL;
        } finally {
            // Only now: the engine has closed and dropped its own reference.
            content.release();
            rules.suppression().close(); // after the engine, which may still have written hard bounces to it
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
        return ProgressLine.mode(quiet);
    }
}
