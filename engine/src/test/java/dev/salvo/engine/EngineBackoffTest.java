package dev.salvo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.api.EngineOptions;
import dev.salvo.api.SalvoEngine;
import dev.salvo.api.Submission;
import dev.salvo.config.ConfigLoader;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server that answers 421 after every message: the destination suspends, and sends nothing until the suspension ends. */
@Timeout(60)
class EngineBackoffTest {
    @Test
    void a421StormSuspendsTheDestinationBetweenAttempts() throws Exception {
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().maxMessagesPerConnection(1).build())) {
            var config = ConfigLoader.parse("""
                    ehlo: backoff.test
                    defaults:
                      max_connections: 1
                      max_recipients_per_transaction: 1
                      backoff: {suspend_on_421: 2m}
                    retry: {initial: 1s, factor: 1, max_interval: 1s, jitter: 0, max_age: 1d}
                    routes:
                      - domains: ["*"]
                        mx: {}
                    test_mode:
                      mx_override: {"*": "127.0.0.1:%d"}
                    """.formatted(sink.port()), "backoff.yaml");
            AtomicLong now = new AtomicLong();
            MessageContent content = MessageContent.of("From: a@b.test\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
            try (Engine engine = (Engine) SalvoEngine.start(EngineOptions.of(config).withClocks(now::get, Clock.systemUTC()))) {
                for (int i = 0; i < 5; i++) {
                    engine.submit(new Submission(EmailAddress.parse("a@b.test"), List.of(EmailAddress.parse("r" + i + "@b.test")), content));
                }
                quiet(engine, now.incrementAndGet());
                // The first message went; the 421 that answered the next one suspended the destination.
                assertThat(sink.stats().messagesAccepted()).isEqualTo(1);
                long connections = sink.stats().connectionsAccepted();
                // A minute later: still suspended, so no new connection and nothing sent.
                now.addAndGet(Duration.ofMinutes(1).toNanos());
                engine.wake();
                quiet(engine, now.get());
                assertThat(sink.stats().connectionsAccepted()).isEqualTo(connections);
                // Each time the suspension ends, one more message goes and the next 421 suspends it again.
                for (int expected = 2; expected <= 5; expected++) {
                    now.addAndGet(Duration.ofMinutes(2).plusSeconds(1).toNanos());
                    engine.wake();
                    quiet(engine, now.get());
                    assertThat(sink.stats().messagesAccepted()).as("after suspension %d", expected - 1).isEqualTo(expected);
                }
                assertThat(engine.stats().delivered()).isEqualTo(5);
            } finally {
                content.release();
            }
        }
    }

    private static void quiet(Engine engine, long t) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (engine.quietSince() < t) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("engine not quiet; stats " + engine.stats());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
