package dev.salvo.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.LeakFailingExtension;
import dev.salvo.bounce.verp.VerpCodec;
import dev.salvo.bounce.verp.VerpSecrets;
import dev.salvo.events.DeliveryEvent;
import dev.salvo.suppress.MemorySuppressionList;
import dev.salvo.suppress.Suppression;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The bounce listener over real SMTP on loopback. */
@ExtendWith(LeakFailingExtension.class)
class BounceServerTest {
    static final String DOMAIN = "bounce.example.com";
    final VerpCodec verp = new VerpCodec("bounces", DOMAIN, VerpSecrets.of("test-secret-test-secret-test-secret"));
    final MemorySuppressionList suppressions = new MemorySuppressionList();
    final List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
    final List<String> lines = new CopyOnWriteArrayList<>();
    @TempDir
    Path setAsideDir;
    BounceServer server;

    @BeforeEach
    void start() throws IOException {
        BounceProcessor processor = new BounceProcessor(verp, suppressions, events::add, new SetAside(setAsideDir), false,
                Clock.systemUTC());
        server = BounceServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), DOMAIN,
                BounceServer.DEFAULT_MAX_SIZE, verp, processor, lines::add);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static byte[] sample(String name) throws IOException {
        try (InputStream in = BounceServerTest.class.getResourceAsStream("/bounce/" + name)) {
            return in.readAllBytes();
        }
    }

    private SmtpLines session() throws IOException {
        SmtpLines c = new SmtpLines(server.port());
        assertThat(c.reply()).startsWith("220");
        assertThat(c.command("EHLO mx.example.org")).startsWith("250");
        return c;
    }

    @Test
    void aDsnToAVerpAddressBecomesALateBounceAndASuppression() throws IOException {
        String returnPath = verp.encode(VerpCodec.campaignRef("2026-11", 42), "nobody-here@example.org");
        try (SmtpLines c = session()) {
            assertThat(c.command("MAIL FROM:<>")).startsWith("250");
            assertThat(c.command("RCPT TO:<" + returnPath + ">")).startsWith("250");
            assertThat(c.data(sample("postfix.eml"))).startsWith("250");
        }
        // The 250 comes only after processing, so the event is there now.
        assertThat(events).hasSize(1);
        DeliveryEvent e = events.get(0);
        assertThat(e.event()).isEqualTo(DeliveryEvent.Outcome.BOUNCED);
        assertThat(e.recipient()).isEqualTo("nobody-here@example.org");
        assertThat(e.messageId()).isEqualTo("2026-11.42.k3j2@news.example.com");
        assertThat(e.code()).isEqualTo(550);
        assertThat(e.enhanced()).isEqualTo("5.1.1");
        assertThat(e.destination()).isEqualTo("mail.example.org");
        assertThat(e.report()).isEqualTo("dsn");
        Suppression s = suppressions.find("news.example.com", "Nobody-Here@example.org");
        assertThat(s).isNotNull();
        assertThat(s.reason()).isEqualTo(Suppression.Reason.HARD_BOUNCE);
        assertThat(s.scope()).isEqualTo("*");
        assertThat(server.stats().matched()).isEqualTo(1);
        assertThat(lines).singleElement().asString().contains("bounced").contains("nobody-here@example.org").contains("verp");
    }

    @Test
    void forgedOrAlteredTokensAndOtherDomainsAreRefusedAtRcpt() throws IOException {
        VerpCodec attacker = new VerpCodec("bounces", DOMAIN, VerpSecrets.of("not-the-right-secret-at-all!!"));
        String good = verp.encode("r1", "victim@example.org");
        String altered = good.replaceFirst("\\+(.)", "+" + (good.charAt(8) == 'a' ? 'b' : 'a'));
        try (SmtpLines c = session()) {
            assertThat(c.command("MAIL FROM:<>")).startsWith("250");
            assertThat(c.command("RCPT TO:<" + attacker.encode("r1", "victim@example.org") + ">")).startsWith("550 5.7.1");
            assertThat(c.command("RCPT TO:<" + altered + ">")).startsWith("550 5.7.1");
            assertThat(c.command("RCPT TO:<someone@elsewhere.example>")).startsWith("550 5.7.1 Relaying denied");
            assertThat(c.command("DATA")).startsWith("554"); // no valid recipient
        }
        assertThat(server.stats().forged()).isEqualTo(2);
        assertThat(server.stats().refusedRecipients()).isEqualTo(3);
        assertThat(events).isEmpty();
        assertThat(suppressions.size()).isZero();
    }

    @Test
    void malformedReportsAreSetAsideAndTheListenerKeepsServing() throws IOException {
        String returnPath = verp.encode("r7", "nobody-here@example.org");
        byte[] garbage = new byte[20_000];
        new Random(7).nextBytes(garbage);
        try (SmtpLines c = session()) {
            for (byte[] bad : List.of(garbage, sample("malformed-truncated.eml"), sample("malformed-no-boundary.eml"))) {
                assertThat(c.command("MAIL FROM:<>")).startsWith("250");
                assertThat(c.command("RCPT TO:<" + returnPath + ">")).startsWith("250");
                assertThat(c.data(bad)).startsWith("250");
            }
            // Same connection, a good one after the bad ones.
            assertThat(c.command("MAIL FROM:<>")).startsWith("250");
            assertThat(c.command("RCPT TO:<" + returnPath + ">")).startsWith("250");
            assertThat(c.data(sample("postfix.eml"))).startsWith("250");
        }
        assertThat(server.stats().malformed()).isEqualTo(3);
        assertThat(events).hasSize(1);
        List<Path> reasons;
        try (Stream<Path> s = Files.list(setAsideDir)) {
            reasons = s.filter(p -> p.toString().endsWith(".reason")).sorted().toList();
        }
        assertThat(reasons).hasSize(3);
        for (Path r : reasons) {
            Path eml = Path.of(r.toString().replace(".reason", ".eml"));
            assertThat(eml).exists();
            assertThat(Files.readString(r, StandardCharsets.UTF_8)).startsWith("malformed: ");
        }
        assertThat(Files.readString(reasons.get(2))).contains("without a boundary");
    }

    @Test
    void aComplaintToAVerpAddressSuppressesForTheSendingDomain() throws IOException {
        String returnPath = verp.encode("r9", "redacted@example-isp.com");
        try (SmtpLines c = session()) {
            assertThat(c.command("MAIL FROM:<>")).startsWith("250");
            assertThat(c.command("RCPT TO:<" + returnPath + ">")).startsWith("250");
            assertThat(c.data(sample("arf-redacted.eml"))).startsWith("250");
        }
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(DeliveryEvent.Outcome.COMPLAINT);
            assertThat(e.recipient()).isEqualTo("redacted@example-isp.com");
            assertThat(e.report()).isEqualTo("arf");
            assertThat(e.response()).contains("abuse").contains("ExampleISP-FBL/2.1");
        });
        assertThat(suppressions.find("news.example.com", "redacted@example-isp.com").reason())
                .isEqualTo(Suppression.Reason.COMPLAINT);
        assertThat(suppressions.find("other.example.com", "redacted@example-isp.com")).isNull();
    }

    @Test
    void anUnsignedReportIsMatchedByHeadersButDoesNotSuppress() throws IOException {
        try (SmtpLines c = session()) {
            assertThat(c.command("MAIL FROM:<>")).startsWith("250");
            assertThat(c.command("RCPT TO:<postmaster@" + DOMAIN + ">")).startsWith("250");
            assertThat(c.data(sample("exim.eml"))).startsWith("250");
        }
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.recipient()).isEqualTo("kim@example.net");
            assertThat(e.report()).isEqualTo("dsn-unverified");
            assertThat(e.messageId()).isEqualTo("2026-11.13.ee@news.example.com");
        });
        assertThat(suppressions.size()).isZero();
    }
}
