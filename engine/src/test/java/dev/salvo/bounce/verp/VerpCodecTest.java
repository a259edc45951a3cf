package dev.salvo.bounce.verp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerpCodecTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final VerpCodec codec = new VerpCodec("bounces", "bounce.example.com", VerpSecrets.of(SECRET));

    @Test
    void shortRecipientRoundTripsWhole() {
        String a = codec.encode("1a.news", "Alice@Example.com");
        assertThat(a).startsWith("bounces+").endsWith("@bounce.example.com");
        assertThat(a.substring(0, a.indexOf('@'))).hasSizeLessThanOrEqualTo(64).matches("bounces\\+[a-z2-7]+");
        VerpResult r = codec.decode(a);
        assertThat(r.status()).isEqualTo(VerpResult.Status.OK);
        assertThat(r.token().ref()).isEqualTo("1a.news");
        assertThat(r.token().recipient()).isEqualTo("alice@example.com");
        assertThat(r.token().names("ALICE@example.com")).isTrue();
    }

    @Test
    void longRecipientIsHashedAndStillMatchesOnlyItself() {
        String longAddress = "a.very.long.local.part.for.testing.purposes@subdomain.of.a.rather.long.example.org";
        String a = codec.encode(VerpCodec.campaignRef("2026-11-newsletter", 123456), longAddress);
        assertThat(a.substring(0, a.indexOf('@')).length()).isLessThanOrEqualTo(64);
        VerpResult r = codec.decode(a);
        assertThat(r.ok()).isTrue();
        assertThat(r.token().recipient()).isNull();
        assertThat(r.token().names(longAddress.toUpperCase())).isTrue();
        assertThat(r.token().names("someone.else@example.org")).isFalse();
        assertThat(r.token().ref()).isEqualTo("2n9c.2026-11");
    }

    @Test
    void decodingIgnoresCaseAndAngleBrackets() {
        String a = codec.encode("r1", "bob@example.net");
        assertThat(codec.decode("<" + a.toUpperCase() + ">").token().recipient()).isEqualTo("bob@example.net");
    }

    @Test
    void alteredTokenIsRefusedAsBadMac() {
        String a = codec.encode("r1", "bob@example.net");
        int at = a.indexOf('@');
        for (int i = "bounces+".length(); i < at; i++) {
            char c = a.charAt(i);
            char other = c == 'a' ? 'b' : 'a';
            String altered = a.substring(0, i) + other + a.substring(i + 1);
            VerpResult r = codec.decode(altered);
            assertThat(r.status()).as("altered at %d: %s", i, altered).isIn(VerpResult.Status.BAD_MAC, VerpResult.Status.MALFORMED);
            assertThat(r.token()).isNull();
        }
    }

    @Test
    void tokenMadeWithAnotherSecretOrForAnotherDomainIsForged() {
        VerpCodec attacker = new VerpCodec("bounces", "bounce.example.com", VerpSecrets.of("attacker-secret-attacker-secret"));
        String forged = attacker.encode("r1", "victim@example.net");
        assertThat(codec.decode(forged).status()).isEqualTo(VerpResult.Status.BAD_MAC);
        VerpCodec otherDomain = new VerpCodec("bounces", "bounce.example.org", VerpSecrets.of(SECRET));
        String moved = otherDomain.encode("r1", "victim@example.net").replace("example.org", "example.com");
        assertThat(codec.decode(moved).status()).isEqualTo(VerpResult.Status.BAD_MAC);
    }

    @Test
    void notOursAndMalformedAreToldApart() {
        assertThat(codec.decode("postmaster@bounce.example.com").status()).isEqualTo(VerpResult.Status.NOT_OURS);
        assertThat(codec.decode("bounces+abc@elsewhere.example").status()).isEqualTo(VerpResult.Status.NOT_OURS);
        assertThat(codec.decode("bounces+!!!@bounce.example.com").status()).isEqualTo(VerpResult.Status.MALFORMED);
        assertThat(codec.decode("bounces+a@bounce.example.com").status()).isEqualTo(VerpResult.Status.MALFORMED);
        assertThat(codec.decode(null).status()).isEqualTo(VerpResult.Status.NOT_OURS);
    }

    @Test
    void rotatedKeysVerifyOldTokensAndSignWithTheFirst() {
        String old = codec.encode("r1", "bob@example.net");
        VerpCodec rotated = new VerpCodec("bounces", "bounce.example.com", VerpSecrets.of("a-brand-new-secret-of-32-bytes!!", SECRET));
        assertThat(rotated.decode(old).ok()).isTrue();
        String fresh = rotated.encode("r2", "bob@example.net");
        assertThat(codec.decode(fresh).status()).isEqualTo(VerpResult.Status.BAD_MAC);
        assertThat(rotated.decode(fresh).ok()).isTrue();
    }

    @Test
    void secretsFileRefusesShortAndEmptyWithoutShowingTheSecret(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("verp.key");
        Files.writeString(f, "# comment\n\nshort-secret\n");
        assertThatThrownBy(() -> VerpSecrets.load(f)).hasMessageContaining("line 3").hasMessageContaining("at least 16")
                .hasMessageNotContaining("short-secret");
        Files.writeString(f, "# nothing\n");
        assertThatThrownBy(() -> VerpSecrets.load(f)).hasMessageContaining("holds no secret");
        Files.writeString(f, SECRET + "\n");
        assertThat(VerpSecrets.load(f).toString()).doesNotContain(SECRET);
        assertThatThrownBy(() -> VerpSecrets.load(dir.resolve("missing"))).hasMessageContaining("cannot read the VERP secret file");
    }

    @Test
    void tooLongPrefixIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new VerpCodec("a-prefix-that-is-far-too-long", "b.example.com", VerpSecrets.of(SECRET)))
                .hasMessageContaining("too long");
    }
}
