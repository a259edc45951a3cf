package dev.salvo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.api.EngineOptions;
import dev.salvo.api.SalvoEngine;
import dev.salvo.api.SubmitResult;
import dev.salvo.api.Submission;
import dev.salvo.config.ConfigLoader;
import dev.salvo.events.DeliveryEvent;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.route.LoopbackDnsServer;
import dev.salvo.smtp.NettyTransport;
import dev.salvo.smtp.server.SinkConfig;
import dev.salvo.smtp.server.SmtpSink;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Direct delivery through real DNS answers from a loopback DNS server: MX preference order with
 * failover to the next host when the first does not answer, null MX and NXDOMAIN bounces.
 */
@Timeout(60)
class EngineRoutingTest {
    private static final byte[] MESSAGE = "From: news@salvo.test\r\nSubject: mx\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void failsOverToTheNextMxAndBouncesNullMxAndMissingDomains() throws Exception {
        EventLoopGroup group = NettyTransport.newGroup(1);
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().listen(new java.net.InetSocketAddress("127.0.0.1", 0)).build());
                LoopbackDnsServer dns = LoopbackDnsServer.start(group)) {
            // mx1 (preference 10) is 127.0.0.2, where nothing listens on the sink's port; mx2 (20) is the sink.
            dns.mx("failover.test", 10, "mx1.failover.test", 300).mx("failover.test", 20, "mx2.failover.test", 300)
                    .address("mx1.failover.test", "127.0.0.2", 300).address("mx2.failover.test", "127.0.0.1", 300)
                    .nullMx("nomail.test", 300)
                    .nxdomain("gone.test", 300);
            var config = ConfigLoader.parse("""
                    ehlo: routing.test
                    routes:
                      - domains: ["*"]
                        mx: {}
                    retry: {initial: 1s, factor: 1, max_interval: 1s, jitter: 0, max_age: 1m}
                    """, "routing.yaml");
            EngineOptions o = EngineOptions.of(config).withDnsServers(List.of(dns.address())).withMxPort(sink.port());
            MessageContent content = MessageContent.of(MESSAGE);
            Map<String, DeliveryEvent> last = new ConcurrentHashMap<>();
            try (SalvoEngine engine = SalvoEngine.start(o)) {
                engine.addListener((e, site) -> last.put(e.recipient(), e));
                SubmitResult r = engine.submit(new Submission(EmailAddress.parse("news@salvo.test"),
                        List.of(EmailAddress.parse("a@failover.test"), EmailAddress.parse("b@nomail.test"),
                                EmailAddress.parse("c@gone.test")), content));
                assertThat(r.accepted()).isTrue();
                assertThat(engine.awaitFinished(Duration.ofSeconds(40))).as("%s", engine.stats()).isTrue();
            } finally {
                content.release();
            }
            assertThat(last.get("a@failover.test").event()).isEqualTo(DeliveryEvent.Outcome.DELIVERED);
            assertThat(last.get("a@failover.test").destination()).isEqualTo("127.0.0.1:" + sink.port());
            assertThat(last.get("b@nomail.test").event()).isEqualTo(DeliveryEvent.Outcome.BOUNCED);
            assertThat(last.get("b@nomail.test").enhanced()).isEqualTo("5.1.10");
            assertThat(last.get("c@gone.test").event()).isEqualTo(DeliveryEvent.Outcome.BOUNCED);
            assertThat(last.get("c@gone.test").enhanced()).isEqualTo("5.1.2");
            assertThat(sink.stats().messagesAccepted()).isEqualTo(1);
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }
}
