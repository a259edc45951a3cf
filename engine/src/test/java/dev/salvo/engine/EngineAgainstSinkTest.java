package dev.salvo.engine;

import static dev.salvo.testing.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.api.EngineOptions;
import dev.salvo.api.EngineStats;
import dev.salvo.api.SalvoEngine;
import dev.salvo.api.SubmitResult;
import dev.salvo.api.Submission;
import dev.salvo.config.ConfigLoader;
import dev.salvo.config.SalvoConfig;
import dev.salvo.events.DeliveryEvent;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine end to end against Salvo's own server, with test mode mapping every domain to it. */
@Timeout(60)
class EngineAgainstSinkTest {
    private static final byte[] MESSAGE = ("From: news@salvo.test\r\nSubject: engine test\r\nMessage-ID: <e1@salvo.test>\r\n\r\n"
            + "hello\r\n").getBytes(StandardCharsets.US_ASCII);

    private static SalvoConfig config(int port, String extra) {
        return ConfigLoader.parse("""
                ehlo: engine.test
                defaults:
                  max_connections: 3
                  max_recipients_per_transaction: 10
                routes:
                  - domains: ["*"]
                    mx: {}
                test_mode:
                  mx_override:
                    "*": "127.0.0.1:%d"
                %s
                """.formatted(port, extra), "test.yaml");
    }

    private static Map<DeliveryEvent.Outcome, AtomicInteger> listen(SalvoEngine engine) {
        Map<DeliveryEvent.Outcome, AtomicInteger> counts = new ConcurrentHashMap<>();
        for (DeliveryEvent.Outcome o : DeliveryEvent.Outcome.values()) {
            counts.put(o, new AtomicInteger());
        }
        engine.addListener((e, site) -> counts.get(e.event()).incrementAndGet());
        return counts;
    }

    private static void submitAll(SalvoEngine engine, MessageContent content, List<EmailAddress> rcpts, int perSubmission) {
        EmailAddress from = EmailAddress.parse("news@salvo.test");
        for (int i = 0; i < rcpts.size(); i += perSubmission) {
            List<EmailAddress> part = rcpts.subList(i, Math.min(rcpts.size(), i + perSubmission));
            SubmitResult r = engine.submit(new Submission(from, part, content));
            assertThat(r.status()).isEqualTo(SubmitResult.Status.ACCEPTED);
        }
    }

    @Test
    void multiDomainCampaignHasExactCountsPerOutcomeAndNeverExceedsTheConnectionCap() throws Exception {
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            List<EmailAddress> rcpts = new ArrayList<>();
            int hard = 0;
            int soft = 0;
            for (int i = 0; i < 1000; i++) {
                String local = i % 50 == 0 ? "bounce-hard-" + i : i % 40 == 1 ? "bounce-soft-" + i : "user" + i;
                hard += local.startsWith("bounce-hard") ? 1 : 0;
                soft += local.startsWith("bounce-soft") ? 1 : 0;
                rcpts.add(EmailAddress.parse(local + "@domain" + (i % 100) + ".test"));
            }
            int delivered = 1000 - hard - soft;
            int softCount = soft;
            AtomicLong now = new AtomicLong();
            MessageContent content = MessageContent.of(MESSAGE);
            EngineOptions o = EngineOptions.of(config(sink.port(), "")).withClocks(now::get, Clock.systemUTC());
            try (Engine engine = (Engine) SalvoEngine.start(o)) {
                Map<DeliveryEvent.Outcome, AtomicInteger> counts = listen(engine);
                submitAll(engine, content, rcpts, 25);
                waitFor(() -> engine.stats().delivered() == delivered && engine.stats().bounced() == hardOf(rcpts)
                        && engine.stats().deferred() == softCount && engine.stats().inFlight() == 0, () -> "stats " + engine.stats());
                // Past the default maximum age of three days: the soft bounces expire, never delivered.
                now.addAndGet(Duration.ofDays(4).toNanos());
                engine.wake();
                assertThat(engine.awaitFinished(Duration.ofSeconds(20))).as("all finished: %s", engine.stats()).isTrue();
                EngineStats s = engine.stats();
                assertThat(s.accepted()).isEqualTo(1000);
                assertThat(s.delivered()).isEqualTo(delivered);
                assertThat(s.bounced()).isEqualTo(hard);
                assertThat(s.expired()).isEqualTo(soft);
                assertThat(counts.get(DeliveryEvent.Outcome.DELIVERED).get()).isEqualTo(delivered);
                assertThat(counts.get(DeliveryEvent.Outcome.EXPIRED).get()).isEqualTo(soft);
            } finally {
                content.release();
            }
            // Every test domain maps to one host:port, so they share one site and its cap of 3.
            assertThat(sink.stats().sessionsMax()).isLessThanOrEqualTo(3);
            assertThat(sink.stats().recipientsAccepted()).isEqualTo(delivered);
        }
    }

    private static int hardOf(List<EmailAddress> rcpts) {
        return (int) rcpts.stream().filter(a -> a.localPart().startsWith("bounce-hard")).count();
    }

    @Test
    void retriesFollowTheScheduleOnTheInjectedClockUntilTheRecipientExpires() throws Exception {
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build())) {
            SalvoConfig cfg = config(sink.port(), """
                    retry:
                      initial: 5m
                      factor: 2
                      max_interval: 1h
                      jitter: 0
                      max_age: 1d
                    """);
            AtomicLong now = new AtomicLong(0);
            MessageContent content = MessageContent.of(MESSAGE);
            EngineOptions o = EngineOptions.of(cfg).withClocks(now::get, Clock.systemUTC());
            try (Engine engine = (Engine) SalvoEngine.start(o)) {
                submitAll(engine, content, List.of(EmailAddress.parse("bounce-soft-1@a.test"), EmailAddress.parse("ok@a.test")), 2);
                waitFor(() -> engine.stats().delivered() == 1 && engine.stats().deferred() == 1 && engine.stats().inFlight() == 0,
                        () -> "stats " + engine.stats());
                // Step through a day and a half, ten minutes at a time, letting the engine finish each step.
                long step = Duration.ofMinutes(10).toNanos();
                while (now.get() < Duration.ofHours(36).toNanos()) {
                    long t = now.addAndGet(step);
                    engine.wake();
                    waitFor(() -> engine.quietSince() >= t, () -> "stats " + engine.stats());
                }
                EngineStats s = engine.stats();
                assertThat(s.expired()).as("%s", s).isEqualTo(1);
                assertThat(s.delivered()).isEqualTo(1);
                // Attempts at 0, 5 m, 15 m, 35 m, 75 m, then hourly (rounded up to the 10-minute steps) until a day has passed.
                assertThat(s.deferred()).as("%s", s).isBetween(20L, 26L);
            } finally {
                content.release();
            }
        }
    }

}
