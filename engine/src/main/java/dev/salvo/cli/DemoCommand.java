package dev.salvo.cli;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.Credentials;
import dev.salvo.smtp.TlsMode;
import dev.salvo.smtp.TrustSource;
import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SinkStats;
import dev.salvo.smtp.server.SmtpSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The showcase: Salvo's own SMTP server on loopback with STARTTLS and AUTH, and a send through it
 * with the certificate and host name verified, some recipients refused on purpose.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Show Salvo at work against its own SMTP server on loopback: a relay send, then a 50,000-recipient campaign.",
        description = {
            "",
            "Part 1 starts `salvo sink` on 127.0.0.1 (STARTTLS with a certificate made at start, AUTH required) and"
                    + " sends one message to each of --recipients generated recipients through it as a relay,"
                    + " verifying the certificate and host name. bounce-hard-* recipients get 550 5.1.1 and"
                    + " bounce-soft-* get 450 4.2.1 (retried for 3 s, then expired), so every outcome shows.",
            "Part 2 runs a campaign through the engine: a template with merge fields, --campaign-size recipients"
                    + " across 200 domains, routed by test mode to a second sink that refuses 2%% and defers 3%% at"
                    + " random; deferred recipients are retried until --max-age. Progress, then a summary by"
                    + " outcome, destination and reply. Nothing leaves this machine.",
            ""
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  every outcome was the one the demo expected",
            "  1  the counts differ from what the server saw (a bug: please report it)"
        })
final class DemoCommand implements Callable<Integer> {
    private static final java.time.Duration PART_ONE_MAX_AGE = java.time.Duration.ofSeconds(3);

    @Spec
    CommandSpec spec;

    @Option(names = "--recipients", paramLabel = "N", defaultValue = "400",
            description = "How many recipients to generate (default: ${DEFAULT-VALUE}); 1 in 20 bounces hard and 1 in 25 soft.")
    int count;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "4",
            description = "Connections to open (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--events", paramLabel = "FILE.jsonl",
            description = "Also write the JSON-lines events here (default: a file in a new temporary directory).")
    Path events;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    @Option(names = "--campaign-size", paramLabel = "N", defaultValue = "50000",
            description = "Recipients in part 2's campaign (default: ${DEFAULT-VALUE}); 0 skips part 2.")
    int campaignSize;

    @Option(names = "--max-age", paramLabel = "DURATION", defaultValue = "8s",
            description = "How long part 2 retries deferred recipients before they expire (default: ${DEFAULT-VALUE}).")
    String maxAge;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (campaignSize < 0 || campaignSize > 10_000_000) {
            throw new UserError("--campaign-size must be between 0 and 10000000, got " + campaignSize);
        }
        if (count < 1 || count > 1_000_000) {
            throw new UserError("--recipients must be between 1 and 1000000, got " + count);
        }
        if (connections < 1 || connections > 1000) {
            throw new UserError("--connections must be between 1 and 1000, got " + connections);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = Files.createTempDirectory("salvo-demo-");
        Path eventsFile = events != null ? events : dir.resolve("events.jsonl");
        String password = randomPassword();
        SinkConfig config = SinkConfig.builder().ephemeralPort().selfSignedTls().auth("demo", password).requireAuth(true).build();
        try (SmtpSink sink = SmtpSink.start(config)) {
            Path ca = dir.resolve("sink-certificate.pem");
            Files.writeString(ca, sink.trustCertificatePem(), StandardCharsets.US_ASCII);
            out.printf("== part 1: a relay send ==%nsalvo sink listening on %s (%s): STARTTLS with a self-signed certificate, AUTH required%n",
                    sink.address().getHostString() + ":" + sink.port(), sink.transport());
            Recipients r = recipients(count);
            out.printf("sending 1 message to %,d recipients (%d will bounce, %d will be deferred until they expire) over %d connections%n%n",
                    count, r.hard, r.soft, connections);
            out.flush();
            ConnectionSettings settings = ConnectionSettings.relay("127.0.0.1", sink.port())
                    .withTls(TlsMode.STARTTLS, TrustSource.pem(ca))
                    .withCredentials(Credentials.password("demo", password), false)
                    .withEhloName("salvo-demo.localhost");
            MessageContent content = MessageContent.of(message());
            Tally tally;
            try {
                // Part 1's soft bounces are retried for a few seconds, then expire: the demo shows both.
                tally = new RelaySend(settings, EmailAddress.parse("newsletter@salvo-demo.test"),
                        new RecipientSource.Resolved(r.list, List.of()), content, connections, null, PART_ONE_MAX_AGE,
                        eventsFile, ProgressLine.mode(quiet), dev.salvo.api.BounceOptions.defaults()).run(out, err);
            } finally {
                content.release();
            }
            SinkStats s = sink.stats();
            out.printf("%nthe sink saw: %,d messages accepted, %,d recipients refused, %,d temp-failed, %,d TLS handshakes, %,d logins%n",
                    s.messagesAccepted(), s.recipientsRejected(), s.recipientsTempfailed(), s.tlsHandshakes(), s.authSuccesses());
            out.printf("events: %s%n", eventsFile);
            boolean expected = tally.delivered() == count - r.hard - r.soft && tally.bounced() == r.hard
                    && tally.expired() == r.soft && s.messagesAccepted() == tally.delivered();
            out.println(expected ? "part 1 OK: every recipient has the outcome the server gave it"
                    : "part 1 MISMATCH: the counts above differ from what was expected");
            out.flush();
            if (!expected) {
                return ExitCodes.PARTIAL;
            }
        }
        if (campaignSize == 0) {
            return ExitCodes.OK;
        }
        boolean ok = new DemoCampaign(campaignSize, CampaignCommandRun.parseDuration("--max-age", maxAge), dir,
                ProgressLine.mode(quiet)).run(out, err);
        return ok ? ExitCodes.OK : ExitCodes.PARTIAL;
    }

    private record Recipients(List<EmailAddress> list, int hard, int soft) {}

    private static Recipients recipients(int n) {
        List<EmailAddress> list = new ArrayList<>(n);
        int hard = 0;
        int soft = 0;
        for (int i = 1; i <= n; i++) {
            String local;
            if (i % 20 == 0) {
                local = "bounce-hard-" + i;
                hard++;
            } else if (i % 25 == 0) {
                local = "bounce-soft-" + i;
                soft++;
            } else {
                local = "reader" + i;
            }
            list.add(EmailAddress.parse(local + "@domain" + (i % 7) + ".salvo-demo.test"));
        }
        return new Recipients(list, hard, soft);
    }

    private static byte[] message() {
        String m = "From: Salvo Demo <newsletter@salvo-demo.test>\r\n"
                + "To: Readers <readers@salvo-demo.test>\r\n"
                + "Subject: Hello from Salvo\r\n"
                + "Date: Sat, 28 Nov 2026 12:00:00 +0000\r\n"
                + "Message-ID: <demo-1@salvo-demo.test>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n"
                + "Hello,\r\n\r\nThis message went through STARTTLS, AUTH and pipelined SMTP on loopback.\r\n"
                + ".A line that starts with a dot arrives intact: dot-stuffing at work.\r\n"
                + "\r\nGrüße, the Salvo demo\r\n";
        return m.getBytes(StandardCharsets.UTF_8);
    }

    private static String randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
