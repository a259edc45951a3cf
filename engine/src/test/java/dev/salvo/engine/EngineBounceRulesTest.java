package dev.salvo.engine;

import static dev.salvo.testing.Eventually.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.api.BounceOptions;
import dev.salvo.api.EngineOptions;
import dev.salvo.api.SalvoEngine;
import dev.salvo.api.SubmitResult;
import dev.salvo.api.Submission;
import dev.salvo.config.BounceRulesLoader;
import dev.salvo.config.ConfigLoader;
import dev.salvo.config.SalvoConfig;
import dev.salvo.events.DeliveryEvent;
import dev.salvo.events.DeliveryEvent.Outcome;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import dev.salvo.suppress.RocksSuppressionList;
import dev.salvo.suppress.Suppression;
import dev.salvo.suppress.SuppressionList;
import dev.salvo.suppress.SuppressionScope;
import dev.salvo.testing.ScriptedSmtpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bounce rules and the suppression list in the engine, against real SMTP servers on loopback. */
@Timeout(60)
class EngineBounceRulesTest {
    private static final byte[] MESSAGE = ("From: news@salvo.test\r\nSubject: bounce test\r\nMessage-ID: <b1@salvo.test>\r\n\r\n"
            + "hello\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final EmailAddress FROM = EmailAddress.parse("news@salvo.test");

    private static SalvoConfig config(int port, String extra) {
        return ConfigLoader.parse("""
                ehlo: bounce.test
                defaults:
                  max_connections: 1
                  max_recipients_per_transaction: 1
                  %s
                retry: {initial: 1m, factor: 1, max_interval: 1m, jitter: 0, max_age: 1d}
                routes:
                  - domains: ["*"]
                    mx: {}
                test_mode:
                  mx_override: {"*": "127.0.0.1:%d"}
                """.formatted(extra, port), "bounce.yaml");
    }

    @Test
    void aHardBounceIsSuppressedOnDiskAndTheNextSubmissionNeverReachesTheServer(@TempDir Path dir) throws Exception {
        EmailAddress dead = EmailAddress.parse("bounce-hard-1@example.test");
        EmailAddress alive = EmailAddress.parse("alive@example.test");
        List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().build());
                RocksSuppressionList list = RocksSuppressionList.open(dir.resolve("suppression"))) {
            MessageContent content = MessageContent.of(MESSAGE);
            EngineOptions o = EngineOptions.of(config(sink.port(), ""))
                    .withBounces(new BounceOptions(BounceRulesLoader.defaults(), list, SuppressionScope.GLOBAL));
            try (Engine engine = (Engine) SalvoEngine.start(o)) {
                engine.addListener((e, site) -> events.add(e));
                assertThat(engine.submit(new Submission(FROM, List.of(dead, alive), content)).status())
                        .isEqualTo(SubmitResult.Status.ACCEPTED);
                waitFor(() -> engine.stats().finished() == 2);
                DeliveryEvent bounced = only(events, Outcome.BOUNCED);
                assertThat(bounced.recipient()).isEqualTo(dead.address());
                assertThat(bounced.bounceClass()).isEqualTo("invalid-recipient");
                assertThat(only(events, Outcome.DELIVERED).bounceClass()).isNull();
                // The list is written off the dispatch thread; it lands shortly.
                waitFor(() -> list.find("salvo.test", dead.address()) != null);
                Suppression entry = list.find("anyone.test", "BOUNCE-HARD-1@example.test");
                assertThat(entry.reason()).isEqualTo(Suppression.Reason.HARD_BOUNCE);
                assertThat(entry.scope()).isEqualTo(SuppressionList.GLOBAL);
                assertThat(entry.detail()).startsWith("550 5.1.1");

                events.clear();
                SubmitResult again = engine.submit(new Submission(FROM, List.of(dead, EmailAddress.parse("alive2@example.test")), content));
                assertThat(again.status()).isEqualTo(SubmitResult.Status.ACCEPTED);
                waitFor(() -> engine.stats().delivered() == 2);
                DeliveryEvent suppressed = only(events, Outcome.SUPPRESSED);
                assertThat(suppressed.recipient()).isEqualTo(dead.address());
                assertThat(suppressed.attempt()).isZero();
                assertThat(suppressed.response()).contains("hard-bounce").contains("550 5.1.1");
                assertThat(engine.stats().accepted()).as("the suppressed recipient was not accepted").isEqualTo(3);

                // Every recipient suppressed: accepted, nothing queued, one event.
                events.clear();
                assertThat(engine.submit(new Submission(FROM, List.of(dead), content)).status()).isEqualTo(SubmitResult.Status.ACCEPTED);
                assertThat(events).extracting(DeliveryEvent::event).containsExactly(Outcome.SUPPRESSED);
                assertThat(engine.stats().accepted()).isEqualTo(3);
            } finally {
                content.release();
            }
            assertThat(sink.stats().recipientsRejected()).as("the dead address reached the server once").isEqualTo(1);
            assertThat(sink.stats().recipientsAccepted()).isEqualTo(2);
        }
        try (RocksSuppressionList reopened = RocksSuppressionList.open(dir.resolve("suppression"))) {
            assertThat(reopened.find(null, dead.address())).isNotNull();
            assertThat(reopened.size()).isEqualTo(1);
        }
    }

    @Test
    void a550ThatMeansSlowDownIsRetriedAndNotSuppressed() throws Exception {
        try (ScriptedSmtpServer server = refusing(Map.of("qq", "550 Connection frequency limited. "
                + "http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722"), 1)) {
            AtomicLong now = new AtomicLong();
            List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
            SuppressionList list = new dev.salvo.suppress.MemorySuppressionList();
            MessageContent content = MessageContent.of(MESSAGE);
            EngineOptions o = EngineOptions.of(config(server.port(), "")).withClocks(now::get, Clock.systemUTC())
                    .withBounces(new BounceOptions(BounceRulesLoader.defaults(), list, SuppressionScope.GLOBAL));
            try (Engine engine = (Engine) SalvoEngine.start(o)) {
                engine.addListener((e, site) -> events.add(e));
                engine.submit(new Submission(FROM, List.of(EmailAddress.parse("qq1@qq.test")), content));
                waitFor(() -> engine.stats().deferred() == 1 && engine.stats().inFlight() == 0);
                DeliveryEvent deferred = only(events, Outcome.DEFERRED);
                assertThat(deferred.code()).isEqualTo(550);
                assertThat(deferred.bounceClass()).isEqualTo("rate-limited");
                assertThat(engine.stats().bounced()).isZero();
                // The retry comes on the schedule (1 minute) and the server takes it.
                now.addAndGet(Duration.ofMinutes(2).toNanos());
                engine.wake();
                waitFor(() -> engine.stats().delivered() == 1);
                assertThat(server.rcptsTo("qq1@qq.test")).isEqualTo(2);
                assertThat(list.size()).isZero();
            } finally {
                content.release();
            }
        }
    }

    @Test
    void blockRepliesBackTheDestinationOffWhileSoftRepliesDoNot() throws Exception {
        // Two block replies in a row suspend the destination for 30 minutes; a retry is due after 1 minute.
        String backoff = "backoff: {rate_limit_burst: 2, rate_limit_window: 10m, suspend_on_rate_limit: 30m}";
        Map<String, String> replies = Map.of(
                "listed", "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org",
                "busy", "450 4.2.1 Mailbox busy, try again");
        for (String kind : List.of("listed", "busy")) {
            try (ScriptedSmtpServer server = refusing(replies, 1)) {
                AtomicLong now = new AtomicLong();
                MessageContent content = MessageContent.of(MESSAGE);
                EngineOptions o = EngineOptions.of(config(server.port(), backoff)).withClocks(now::get, Clock.systemUTC());
                try (Engine engine = (Engine) SalvoEngine.start(o)) {
                    engine.submit(new Submission(FROM, List.of(EmailAddress.parse(kind + "1@x.test"),
                            EmailAddress.parse(kind + "2@x.test")), content));
                    waitFor(() -> engine.stats().deferred() == 2 && engine.stats().inFlight() == 0);
                    assertThat(engine.stats().bounced()).as("%s: a 554 on a block list is retried", kind).isZero();
                    now.addAndGet(Duration.ofMinutes(5).toNanos());
                    engine.wake();
                    long t = now.get();
                    waitFor(() -> engine.quietSince() >= t);
                    if (kind.equals("listed")) {
                        assertThat(server.messages.get()).as("suspended: nothing retried after 5 minutes").isZero();
                        now.addAndGet(Duration.ofMinutes(30).toNanos());
                        engine.wake();
                    }
                    waitFor(() -> engine.stats().delivered() == 2);
                    assertThat(server.messages.get()).isEqualTo(2);
                } finally {
                    content.release();
                }
            }
        }
    }

    private static DeliveryEvent only(List<DeliveryEvent> events, Outcome o) {
        List<DeliveryEvent> of = events.stream().filter(e -> e.event() == o).toList();
        assertThat(of).as("%s events in %s", o, events).hasSize(1);
        return of.get(0);
    }


    /**
     * A lockstep server (no PIPELINING) that answers RCPT to a local part starting with a key of
     * {@code replies} with that reply line, for the first {@code times} attempts at each address,
     * then accepts it.
     */
    private static ScriptedSmtpServer refusing(Map<String, String> replies, int times) throws java.io.IOException {
        Map<String, AtomicInteger> refusedSoFar = new ConcurrentHashMap<>();
        return new ScriptedSmtpServer(address -> {
            String local = address.substring(0, address.indexOf('@'));
            for (Map.Entry<String, String> e : replies.entrySet()) {
                if (local.startsWith(e.getKey())
                        && refusedSoFar.computeIfAbsent(address, a -> new AtomicInteger()).getAndIncrement() < times) {
                    return e.getValue();
                }
            }
            return "250 2.1.5 ok";
        }, "ENHANCEDSTATUSCODES");
    }
}
