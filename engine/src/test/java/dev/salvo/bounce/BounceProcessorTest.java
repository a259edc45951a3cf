package dev.salvo.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.bounce.verp.VerpCodec;
import dev.salvo.bounce.verp.VerpSecrets;
import dev.salvo.events.DeliveryEvent;
import dev.salvo.events.DeliveryEvent.Outcome;
import dev.salvo.suppress.MemorySuppressionList;
import dev.salvo.suppress.Suppression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Matching and its consequences, without a network. */
class BounceProcessorTest {
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    final VerpCodec verp = new VerpCodec("bounces", "bounce.example.com", VerpSecrets.of("processor-test-secret-123456"));
    final MemorySuppressionList suppressions = new MemorySuppressionList();
    final List<DeliveryEvent> events = new ArrayList<>();
    @TempDir
    Path aside;

    BounceProcessor processor(boolean trustUnverified) throws IOException {
        return new BounceProcessor(verp, suppressions, events::add, new SetAside(aside), trustUnverified,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static byte[] sample(String name) throws IOException {
        return BounceServerTest.sample(name);
    }

    static byte[] withRecipient(String name, String from, String to) throws IOException {
        return new String(sample(name), StandardCharsets.US_ASCII).replace(from, to).getBytes(StandardCharsets.US_ASCII);
    }

    private List<String> reasons() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(aside)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".reason")).toList()) {
                out.add(Files.readString(p).strip());
            }
        }
        return out;
    }

    @Test
    void aHashedTokenIsMatchedThroughTheAddressTheReportNames() throws IOException {
        String longAddress = "a.very.long.local.part.that.needs.hashing@mail.subdomain.example.org";
        String returnPath = verp.encode("5.c", longAddress);
        byte[] dsn = withRecipient("postfix.eml", "nobody-here@example.org", longAddress);
        BounceProcessor.Result r = processor(false).process(List.of(returnPath), dsn);
        assertThat(r.kind()).isEqualTo(BounceProcessor.Kind.MATCHED);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.recipient()).isEqualTo(longAddress);
            assertThat(e.ts()).isEqualTo(NOW);
            assertThat(e.attempt()).isZero();
            // The late bounce is classified by the same rules as a refusal in a session.
            assertThat(e.bounceClass()).isEqualTo("invalid-recipient");
        });
        assertThat(suppressions.isSuppressed(null, longAddress)).isTrue();
    }

    @Test
    void aHashedTokenTheReportDoesNotNameIsSetAsideNotBlamedOnSomeoneElse() throws IOException {
        String returnPath = verp.encode("5.c", "a.very.long.local.part.that.needs.hashing@mail.subdomain.example.org");
        BounceProcessor.Result r = processor(false).process(List.of(returnPath), sample("rfc3464-multi.eml"));
        assertThat(r.kind()).isEqualTo(BounceProcessor.Kind.UNMATCHED);
        assertThat(events).isEmpty();
        assertThat(suppressions.size()).isZero();
        assertThat(reasons()).singleElement().asString().startsWith("unmatched: the VERP token's recipient is not among");
    }

    @Test
    void inAMultiRecipientReportOnlyTheTokensRecipientCounts() throws IOException {
        String returnPath = verp.encode("5.c", "wsnell@sdcc13.ucsd.edu");
        processor(false).process(List.of(returnPath), sample("rfc3464-multi.eml"));
        assertThat(events).extracting(DeliveryEvent::recipient).containsExactly("wsnell@sdcc13.ucsd.edu");
        assertThat(events.get(0).response()).isEqualTo("550 user unknown");
        assertThat(suppressions.size()).isEqualTo(1);
    }

    @Test
    void aForwardedAddressIsBlamedOnTheRecipientSalvoSentTo() throws IOException {
        // The DSN names the forwarding target; the token names who Salvo mailed, and that is what is suppressed.
        String returnPath = verp.encode("5.c", "alias@example.net");
        processor(false).process(List.of(returnPath), sample("postfix.eml"));
        assertThat(events).extracting(DeliveryEvent::recipient).containsExactly("alias@example.net");
        assertThat(suppressions.isSuppressed(null, "alias@example.net")).isTrue();
        assertThat(suppressions.isSuppressed(null, "nobody-here@example.org")).isFalse();
    }

    @Test
    void aDelayIsALateDeferralThatSuppressesNothing() throws IOException {
        processor(false).process(List.of(verp.encode("7", "slow@example.org")), sample("rfc3464-delayed.eml"));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(Outcome.DEFERRED);
            assertThat(e.enhanced()).isEqualTo("4.4.1");
            assertThat(e.report()).isEqualTo("dsn");
            assertThat(e.bounceClass()).isNotNull().isNotEqualTo("invalid-recipient");
        });
        assertThat(suppressions.size()).isZero();
    }

    @Test
    void aFailureWithATemporaryStatusIsABounceButNotASuppression() throws IOException {
        processor(false).process(List.of(verp.encode("7", "louisl@larry.slip.umd.edu")), sample("rfc3464-simple.eml"));
        assertThat(events).extracting(DeliveryEvent::event).containsExactly(Outcome.BOUNCED);
        assertThat(suppressions.size()).isZero();
    }

    @Test
    void notSpamFeedbackIsRecordedButSuppressesNothing() throws IOException {
        byte[] notSpam = withRecipient("arf-redacted.eml", "Feedback-Type: abuse", "Feedback-Type: not-spam");
        processor(false).process(List.of(verp.encode("7", "redacted@example-isp.com")), notSpam);
        assertThat(events).singleElement().extracting(DeliveryEvent::event).isEqualTo(Outcome.COMPLAINT);
        assertThat(suppressions.size()).isZero();
    }

    @Test
    void unverifiedReportsSuppressOnlyWhenTrusted() throws IOException {
        processor(true).process(List.of("postmaster@bounce.example.com"), sample("arf-rfc5965.eml"));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.recipient()).isEqualTo("user@example.com");
            assertThat(e.report()).isEqualTo("arf-unverified");
        });
        Suppression s = suppressions.find("example.net", "user@example.com");
        assertThat(s.reason()).isEqualTo(Suppression.Reason.COMPLAINT);
        assertThat(s.scope()).isEqualTo("example.net");
    }

    @Test
    void aReportWithNeitherTokenNorReturnedMessageIsUnmatched() throws IOException {
        BounceProcessor.Result r = processor(true).process(List.of("postmaster@bounce.example.com"),
                sample("rfc3464-multi.eml"));
        assertThat(r.kind()).isEqualTo(BounceProcessor.Kind.UNMATCHED);
        assertThat(events).isEmpty();
        assertThat(reasons()).singleElement().asString().contains("no VERP token");
    }

    @Test
    void aForgedTokenReadFromAFileIsSetAside() throws IOException {
        String forged = new VerpCodec("bounces", "bounce.example.com", VerpSecrets.of("some-other-secret-entirely"))
                .encode("1", "nobody-here@example.org");
        byte[] dsn = ("Delivered-To: " + forged + "\n" + new String(sample("postfix.eml"), StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);
        BounceProcessor p = processor(true);
        assertThat(p.process(List.of(), dsn).kind()).isEqualTo(BounceProcessor.Kind.FORGED);
        assertThat(p.stats().forged()).isEqualTo(1);
        assertThat(events).isEmpty();
        assertThat(suppressions.size()).isZero();
    }
}
