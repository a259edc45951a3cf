package dev.salvo.cli;

import dev.salvo.api.EngineOptions;
import dev.salvo.api.EngineStats;
import dev.salvo.campaign.RecipientCsv;
import dev.salvo.config.ConfigLoader;
import dev.salvo.config.SalvoConfig;
import dev.salvo.message.EmailAddress;
import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SinkStats;
import dev.salvo.smtp.server.SmtpSink;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Part 2 of `salvo demo`: a generated campaign across 200 domains, routed by test mode to a sink
 * that refuses and defers some recipients at random, sent through the engine.
 */
final class DemoCampaign {
    private static final int DOMAINS = 200;

    private final int size;
    private final Duration maxAge;
    private final Path dir;
    private final ProgressLine.Mode progress;

    DemoCampaign(int size, Duration maxAge, Path dir, ProgressLine.Mode progress) {
        this.size = size;
        this.maxAge = maxAge;
        this.dir = dir;
        this.progress = progress;
    }

    boolean run(PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        Path csv = dir.resolve("campaign.csv");
        Path template = dir.resolve("campaign.eml");
        writeRecipients(csv);
        Files.writeString(template, """
                From: Salvo Demo <news@salvo-demo.test>
                To: {{first_name}} <{{email}}>
                Subject: {{first_name}}, your November digest
                MIME-Version: 1.0
                Content-Type: text/plain; charset=utf-8

                Hello {{first_name}},

                This is message {{message_id}} of campaign {{campaign}}, rendered for you alone.
                Your plan: {{plan}}.
                """.replace("\n", "\r\n"), StandardCharsets.UTF_8);
        SinkConfig sinkConfig = SinkConfig.builder().ephemeralPort().selfSignedTls().rejectPercent(2).tempfailPercent(3)
                .seed(42).build();
        try (SmtpSink sink = SmtpSink.start(sinkConfig)) {
            String port = Integer.toString(sink.port());
            SalvoConfig config = ConfigLoader.parse("""
                    ehlo: salvo-demo.localhost
                    defaults:
                      max_connections: 16
                      max_new_connections_per_minute: 600
                      max_recipients_per_transaction: 50
                    routes:
                      - domains: ["*"]
                        mx: {}
                    test_mode:
                      mx_override:
                        "*": "127.0.0.1:%s"
                    """.formatted(port), "demo.yaml");
            config = new SalvoConfig(config.ehloName(), config.defaults(), CampaignCommandRun.retryFor(maxAge, config.retry().jitter()),
                    config.routes(), config.rollup(), config.shaping(), config.testMode(), config.dkim());
            out.printf("%n== part 2: a campaign through the engine ==%n");
            out.printf("%,d recipients across %d domains; test mode routes them all to a second sink on 127.0.0.1:%s%n",
                    size, DOMAINS, port);
            out.printf("that refuses 2%% (550 5.1.1) and defers 3%% (450 4.2.1) at random; deferred recipients are retried for %s%n%n",
                    maxAge.toSeconds() + " s");
            out.flush();
            EngineOptions options = EngineOptions.of(config).withEvents(dir.resolve("campaign-events.jsonl"));
            EngineStats s = new CampaignJob(options, EmailAddress.parse("news@salvo-demo.test"), csv, RecipientCsv.BadRows.FAIL,
                    template, "demo-" + Long.toString(System.currentTimeMillis() % 100000, 36), null, progress).run(out, err);
            SinkStats k = sink.stats();
            out.printf("%nthe sink saw: %,d messages accepted, %,d recipients refused, %,d temp-failed, %,d TLS handshakes%n",
                    k.messagesAccepted(), k.recipientsRejected(), k.recipientsTempfailed(), k.tlsHandshakes());
            out.printf("events: %s%n", dir.resolve("campaign-events.jsonl"));
            boolean ok = s.accepted() == size && s.finished() == size && s.delivered() == k.recipientsAccepted()
                    && s.bounced() == k.recipientsRejected();
            out.println(ok ? "part 2 OK: every recipient is accounted for, and the counts match what the sink saw"
                    : "part 2 MISMATCH: the counts above differ from what the sink saw");
            out.flush();
            return ok;
        }
    }

    private void writeRecipients(Path csv) throws IOException {
        String[] names = {"Ada", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger", "Radia"};
        String[] plans = {"basic", "plus", "pro"};
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("email,first_name,plan\n");
            for (int i = 0; i < size; i++) {
                w.write("reader" + i + "@domain" + (i % DOMAINS) + ".salvo-demo.test," + names[i % names.length] + ","
                        + plans[i % plans.length] + "\n");
            }
        }
    }
}
