package dev.salvo.cli;

import dev.salvo.blast.Blast;
import dev.salvo.blast.BlastPlan;
import dev.salvo.blast.SizeMix;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.InvalidMessageException;
import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.TlsMode;
import dev.salvo.smtp.Transaction;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `salvo blast`: load-tests an SMTP server, like Postfix's smtp-source, with TLS, AUTH and honest latency figures. */
@Command(
        name = "blast",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        headerHeading = "",
        header = "Load-test an SMTP server: send generated messages as fast as asked and measure every phase.",
        description = {
            "",
            "Without --rate each connection keeps --window messages outstanding (closed loop). With --rate,"
                    + " messages are due on a fixed schedule whatever the server does (open loop), and each"
                    + " message's latency counts from when it was due, so a server that stalls shows in the"
                    + " percentiles instead of silently slowing the test down.",
            "Meant for test servers: TLS is off unless --tls asks for it. Messages are generated"
                    + " (From, To, Subject, Date, Message-ID, a body of 'x' lines to the size asked) and sent"
                    + " to blastN@DOMAIN.",
            ""
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  every message was delivered",
            "  1  some messages were deferred, bounced or unanswered: see the report",
            "  2  bad command line: nothing was sent",
            "  3  the target was unusable (no connection opened, or a permanent failure such as AUTH)",
            "",
            "Examples:",
            "  salvo blast --target 127.0.0.1:2525 --count 20000 --connections 10",
            "  salvo blast --target mx.test:25 --rate 200 --duration 60s --ramp-up 10s \\",
            "      --size-dist 1k:70,20k:25,100k:5 --tls starttls --insecure-trust-all \\",
            "      --report run.json --html run.html"
        })
final class BlastCommand implements Callable<Integer> {
    /** Messages outstanding per connection by default: deep enough to pipeline, shallow enough to spread. */
    static final int DEFAULT_WINDOW = 64;
    static final int MAX_DOMAINS = 100;

    @Spec
    CommandSpec spec;

    @Option(names = "--target", required = true, paramLabel = "HOST:PORT",
            description = "The server to test, e.g. 127.0.0.1:2525 or [::1]:2525.")
    String target;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "10",
            description = "Connections to keep open (default: ${DEFAULT-VALUE}).")
    int connections;

    @ArgGroup(exclusive = true)
    Bound bound;

    static final class Bound {
        @Option(names = "--count", paramLabel = "N", description = "Send N messages (default: 1000).")
        Long count;

        @Option(names = "--duration", paramLabel = "TIME", description = "Send for this long, e.g. 30s, 5m, 500ms.")
        String duration;
    }

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0",
            description = "Messages per second, open loop. 0 (the default): as fast as the connections go.")
    double rate;

    @Option(names = "--ramp-up", paramLabel = "TIME",
            description = "Grow the rate linearly from 0 to --rate over this long, e.g. 5s. Needs --rate.")
    String rampUp;

    @ArgGroup(exclusive = true)
    Sizes sizes;

    static final class Sizes {
        @Option(names = "--size", paramLabel = "BYTES", description = "Message size, e.g. 1024, 20k, 1m (default: 1024).")
        String size;

        @Option(names = "--size-dist", paramLabel = "SIZE:WEIGHT,...",
                description = "A mix of sizes with weights, e.g. 1k:70,20k:25,100k:5.")
        String dist;
    }

    @Option(names = "--recipients", paramLabel = "N", defaultValue = "1",
            description = "Recipients per message (default: ${DEFAULT-VALUE}).")
    int recipients;

    @Option(names = "--domains", paramLabel = "D1,D2", split = ",", defaultValue = "example.test",
            description = "Recipient domains, used round robin (default: ${DEFAULT-VALUE}).")
    List<String> domains;

    @Option(names = "--from", paramLabel = "ADDR", defaultValue = "blast@salvo.test",
            description = "The envelope and header sender (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--tls", paramLabel = "MODE", defaultValue = "none",
            description = "none (the default here, since blast targets test servers), starttls (required),"
                    + " opportunistic (STARTTLS when offered) or implicit (TLS from the first byte).")
    String tls;

    @Mixin
    RelaySecurityOptions security;

    @Mixin
    SessionOptions session;

    @Option(names = "--messages-per-connection", paramLabel = "N", defaultValue = "0",
            description = "QUIT and reconnect after N messages, to measure session setup too. 0 (the default): never.")
    int messagesPerConnection;

    @Option(names = "--window", paramLabel = "N", defaultValue = "" + DEFAULT_WINDOW,
            description = "Messages outstanding per connection at most (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--report", paramLabel = "FILE.json",
            description = "Also write the report as JSON (schema salvo-blast/1, described in docs/blast.md).")
    Path json;

    @Option(names = "--html", paramLabel = "FILE.html",
            description = "Also write a self-contained HTML page with charts of rate and latency over time.")
    Path html;

    @Option(names = "--quiet", description = "No live line on stderr; the report is still printed.")
    boolean quiet;

    @Override
    public Integer call() {
        BlastPlan plan = plan();
        try {
            return switch (Blast.run(plan, spec.commandLine().getOut(), spec.commandLine().getErr())) {
                case ALL_DELIVERED -> ExitCodes.OK;
                case SOME_FAILED -> ExitCodes.PARTIAL;
                case TARGET_UNUSABLE -> ExitCodes.RELAY_FAILED;
            };
        } catch (UncheckedIOException reportNotWritten) {
            throw new UserError(reportNotWritten.getMessage(), ExitCodes.PARTIAL);
        }
    }

    /** Every flag checked and combined; each mistake is a UserError naming the flag. */
    BlastPlan plan() {
        ConnectionSettings settings = settings();
        if (connections < 1 || connections > SendOptions.MAX_CONNECTIONS) {
            throw new UserError("--connections must be from 1 to " + SendOptions.MAX_CONNECTIONS + ", was " + connections);
        }
        long count = 0;
        long durationNanos = 0;
        if (bound != null && bound.duration != null) {
            durationNanos = duration("--duration", bound.duration);
        } else {
            count = bound != null && bound.count != null ? bound.count : 1000;
            if (count < 1) {
                throw new UserError("--count must be at least 1, was " + count);
            }
        }
        if (rate < 0 || !Double.isFinite(rate)) {
            throw new UserError("--rate must be 0 (as fast as possible) or a number of messages per second, was " + rate);
        }
        long rampNanos = 0;
        if (rampUp != null) {
            if (rate == 0) {
                throw new UserError("--ramp-up needs --rate: it grows the rate from 0 to --rate");
            }
            rampNanos = duration("--ramp-up", rampUp);
        }
        if (recipients < 1 || recipients > Transaction.MAX_RECIPIENTS) {
            throw new UserError("--recipients must be from 1 to " + Transaction.MAX_RECIPIENTS + ", was " + recipients);
        }
        if (messagesPerConnection < 0) {
            throw new UserError("--messages-per-connection must be 0 (never reconnect) or more, was " + messagesPerConnection);
        }
        if (window < 1 || window > 1000) {
            throw new UserError("--window must be from 1 to 1000, was " + window);
        }
        checkWritable("--report", json);
        checkWritable("--html", html);
        return new BlastPlan(settings, connections, count, durationNanos, rate, rampNanos, sizeMix(), recipients,
                domains(), SendOptions.address("--from", from), window, messagesPerConnection, json, html, quiet);
    }

    private ConnectionSettings settings() {
        RelayAddress where = RelayAddress.parse("--target", target);
        TlsMode mode = SendOptions.tlsMode(tls);
        if (security.user != null && mode == TlsMode.NONE && !security.allowPlaintextAuth) {
            throw new UserError("--user with --tls none would send the password in the clear: add --tls starttls,"
                    + " or --allow-plaintext-auth for a test server");
        }
        return SendOptions.settings(where, mode, security, session, System::getenv);
    }

    private SizeMix sizeMix() {
        try {
            if (sizes != null && sizes.dist != null) {
                return SizeMix.parse(sizes.dist);
            }
            return SizeMix.single(SizeMix.bytes(sizes != null && sizes.size != null ? sizes.size : "1024"));
        } catch (IllegalArgumentException e) {
            throw new UserError((sizes != null && sizes.dist != null ? "--size-dist: " : "--size: ") + e.getMessage());
        }
    }

    private List<String> domains() {
        List<String> out = new ArrayList<>();
        for (String d : domains) {
            String domain = d.trim();
            try {
                EmailAddress.parse("blast0@" + domain);
            } catch (InvalidMessageException e) {
                throw new UserError("--domains: '" + domain + "' is not a domain an address can use: " + e.getMessage());
            }
            out.add(domain);
        }
        if (out.isEmpty() || out.size() > MAX_DOMAINS) {
            throw new UserError("--domains takes from 1 to " + MAX_DOMAINS + " domains, got " + out.size());
        }
        return out;
    }

    /** "30s", "5m", "500ms", "1h", or a bare number of seconds; more than zero. */
    static long duration(String flag, String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        long unitNanos = 1_000_000_000L;
        String digits = s;
        if (s.endsWith("ms")) {
            unitNanos = 1_000_000L;
            digits = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            unitNanos = 60_000_000_000L;
            digits = s.substring(0, s.length() - 1);
        } else if (s.endsWith("h")) {
            unitNanos = 3_600_000_000_000L;
            digits = s.substring(0, s.length() - 1);
        }
        double n;
        try {
            n = Double.parseDouble(digits);
        } catch (NumberFormatException e) {
            throw new UserError(flag + " '" + text + "' is not a duration: use e.g. 30s, 5m, 500ms");
        }
        double nanos = n * unitNanos;
        if (!(nanos >= 1_000_000) || nanos > 7 * 24 * 3_600e9) {
            throw new UserError(flag + " '" + text + "' must be from 1ms to 7 days");
        }
        return (long) nanos;
    }

    private static void checkWritable(String flag, Path file) {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || Files.isDirectory(file)) {
            throw new UserError(flag + " '" + file + "': the directory does not exist, or the name is a directory");
        }
    }
}
