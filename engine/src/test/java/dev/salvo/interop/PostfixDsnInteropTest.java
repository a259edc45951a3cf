package dev.salvo.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.LeakFailingExtension;
import dev.salvo.bounce.BounceProcessor;
import dev.salvo.bounce.BounceServer;
import dev.salvo.bounce.SetAside;
import dev.salvo.bounce.SmtpLines;
import dev.salvo.bounce.verp.VerpCodec;
import dev.salvo.bounce.verp.VerpSecrets;
import dev.salvo.events.DeliveryEvent;
import dev.salvo.suppress.MemorySuppressionList;
import dev.salvo.suppress.Suppression;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DSN made by a real Postfix: Salvo's bounce listener is the route for the bounce domain, a message
 * with a VERP return path goes to a Postfix mailbox that bounces after accepting it (bounce-async*),
 * and Postfix's bounce daemon delivers its RFC 3464 DSN to the listener, which must match it to the
 * right recipient, write a late bounced event and suppress the address.
 */
@ExtendWith(LeakFailingExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PostfixDsnInteropTest {
    static final String DOMAIN = "bounce.salvo.test";

    @TempDir
    Path dir;

    @Test
    void postfixDsnForAnUnknownUserIsMatchedToTheRightRecipient() throws Exception {
        PostfixPeer peer = PostfixPeer.get();
        // A fresh secret per run: a DSN left in Postfix's queue by an earlier run is refused as forged.
        VerpCodec verp = new VerpCodec("bounces", DOMAIN, VerpSecrets.of(UUID.randomUUID().toString()));
        MemorySuppressionList suppressions = new MemorySuppressionList();
        List<DeliveryEvent> events = new CopyOnWriteArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        BounceProcessor processor = new BounceProcessor(verp, suppressions, events::add, new SetAside(dir.resolve("aside")),
                false, Clock.systemUTC());
        try (BounceServer server = BounceServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), DOMAIN,
                BounceServer.DEFAULT_MAX_SIZE, verp, processor, lines::add)) {
            peer.relayDomainTo(DOMAIN, server.port());

            String unique = Long.toString(System.nanoTime(), 36);
            String gone = "bounce-async-dsn-" + unique + "@example.test";
            String other = "dsn-ok-" + unique + "@example.test"; // a second, delivered recipient must not be blamed
            String messageId = "dsn-" + unique + "@news.salvo.test";
            String returnPath = verp.encode(VerpCodec.campaignRef("interop", 1), gone);
            byte[] message = ("From: News <news@news.salvo.test>\r\nTo: " + gone + "\r\nSubject: DSN interop " + unique
                    + "\r\nMessage-ID: <" + messageId + ">\r\n\r\nHello.\r\n").getBytes(StandardCharsets.US_ASCII);
            try (SmtpLines c = new SmtpLines(peer.smtpPort())) {
                assertThat(c.reply()).startsWith("220");
                assertThat(c.command("EHLO salvo.test")).startsWith("250");
                assertThat(c.command("MAIL FROM:<" + returnPath + ">")).startsWith("250");
                assertThat(c.command("RCPT TO:<" + gone + ">")).startsWith("250");
                assertThat(c.command("RCPT TO:<" + other + ">")).startsWith("250");
                assertThat(c.data(message)).startsWith("250");
                c.command("QUIT");
            }

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
            while (events.stream().noneMatch(e -> e.recipient().equalsIgnoreCase(gone)) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(events).as("events from the listener; its lines: %s; Postfix log %s", lines, peer.log())
                    .filteredOn(e -> e.recipient().equalsIgnoreCase(gone)).singleElement().satisfies(e -> {
                        assertThat(e.event()).isEqualTo(DeliveryEvent.Outcome.BOUNCED);
                        assertThat(e.enhanced()).isEqualTo("5.1.1");
                        assertThat(e.report()).isEqualTo("dsn");
                        assertThat(e.messageId()).isEqualTo(messageId);
                        assertThat(e.response()).contains("Recipient mailbox does not exist");
                    });
            assertThat(events).noneMatch(e -> e.recipient().equalsIgnoreCase(other));
            Suppression s = suppressions.find("news.salvo.test", gone);
            assertThat(s).isNotNull();
            assertThat(s.reason()).isEqualTo(Suppression.Reason.HARD_BOUNCE);
            assertThat(suppressions.size()).isEqualTo(1);
            assertThat(Files.exists(dir.resolve("aside"))).isTrue();
            // Postfix itself must see the DSN as delivered (our 250 after processing), not deferred.
            if (peer.log() != null) {
                String sent = "to=<" + returnPath + ">";
                while (!postfixLogged(peer.log(), sent, "status=sent") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(postfixLogged(peer.log(), sent, "status=sent")).as("Postfix delivered the DSN; see " + peer.log())
                        .isTrue();
            }
        }
    }

    private static boolean postfixLogged(Path log, String... parts) throws java.io.IOException {
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            boolean all = true;
            for (String p : parts) {
                all &= line.contains(p);
            }
            if (all) {
                return true;
            }
        }
        return false;
    }
}
