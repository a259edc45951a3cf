package dev.salvo.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Security;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 8463 Appendix A: the Ed25519 key, the example message, and its ed25519-sha256 signature. */
class Rfc8463VectorTest {
    /** A.1: the private key, the RFC 8032 §7.1 test 1 seed. */
    static final String SEED = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
    /** A.2: the DNS record at brisbane._domainkey.football.example.com. */
    static final String TXT = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    static final String HEADER = "From: Joe SixPack <joe@football.example.com>\r\n"
            + "To: Suzie Q <suzie@shopping.example.net>\r\n"
            + "Subject: Is dinner ready?\r\n"
            + "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\n"
            + "Message-ID: <20030712040037.46341.5F8J@football.example.com>\r\n";
    /** Note the two spaces after "game.": relaxed canonicalization collapses them. */
    static final String BODY = "Hi.\r\n\r\nWe lost the game.  Are you hungry yet?\r\n\r\nJoe.\r\n";
    /** A.3: the ed25519-sha256 signature's tags, as folded in the RFC, b= left empty. */
    static final String UNSIGNED = "DKIM-Signature: v=1; a=ed25519-sha256; c=relaxed/relaxed;\r\n"
            + " d=football.example.com; i=@football.example.com;\r\n"
            + " q=dns/txt; s=brisbane; t=1528637909; h=from : to :\r\n"
            + " subject : date : message-id : from : subject : date;\r\n"
            + " bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;\r\n"
            + " b=";
    static final String BH = "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=";
    static final String B = "/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11BusFa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==";

    @TempDir
    Path dir;

    static DkimKey rfcKey(Path dir) throws Exception {
        // PKCS#8 for Ed25519 (RFC 8410 §7) is a fixed 16-byte prefix and the 32-byte seed.
        byte[] prefix = HexFormat.of().parseHex("302e020100300506032b657004220420");
        byte[] seed = Base64.getDecoder().decode(SEED);
        byte[] der = new byte[prefix.length + seed.length];
        System.arraycopy(prefix, 0, der, 0, prefix.length);
        System.arraycopy(seed, 0, der, prefix.length, seed.length);
        return DkimKey.load(TestKeys.pem(dir.resolve("brisbane.pem"), "PRIVATE KEY", der), "football.example.com", "brisbane");
    }

    /** Leaves the JVM's providers as found: later test classes in this fork do not expect ACCP first. */
    @AfterAll
    static void removeAccp() {
        Security.removeProvider("AmazonCorrettoCryptoProvider");
    }

    @Test
    void publicKeyRecordMatchesTheRfc() throws Exception {
        DkimKey key = rfcKey(dir);
        assertThat(key.algorithm()).isEqualTo(DkimAlgorithm.ED25519_SHA256);
        assertThat(key.dnsRecord()).isEqualTo(TXT);
    }

    @Test
    void bodyHashMatchesTheRfc() {
        byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);
        assertThat(DkimSigner.bodyHash(body, Canonicalization.RELAXED).base64()).isEqualTo(BH);
    }

    @Test
    void signatureMatchesTheRfcWithTheSameTags() throws Exception {
        signatureMatches();
    }

    @Test
    void signatureMatchesTheRfcWithAccpToo() throws Exception {
        CryptoProviders.installFastest(); // Ed25519 is deterministic: every provider must give the RFC's b=
        signatureMatches();
    }

    private void signatureMatches() throws Exception {
        byte[] message = (HEADER + "\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);
        List<String> names = List.of("from", "to", "subject", "date", "message-id", "from", "subject", "date");
        var headerData = DkimSigner.headerData(HeaderFields.parse(message), names, Canonicalization.RELAXED);
        byte[] b = DkimSigner.signature(new KeySigner(rfcKey(dir)), headerData, UNSIGNED, Canonicalization.RELAXED);
        assertThat(Base64.getEncoder().encodeToString(b)).isEqualTo(B);
    }

    @Test
    void signerUsesTheRfcBodyHashAndTimestamp() throws Exception {
        Clock t = Clock.fixed(Instant.ofEpochSecond(1528637909L), ZoneOffset.UTC);
        DkimSigner signer = DkimSigner.builder(rfcKey(dir)).clock(t).build();
        String signed = new String(signer.sign((HEADER + "\r\n" + BODY).getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII);
        String field = signed.substring(0, signed.indexOf("\r\nFrom:")).replaceAll("\\s+", "");
        assertThat(field).startsWith("DKIM-Signature:v=1;a=ed25519-sha256;c=relaxed/relaxed;d=football.example.com;"
                + "s=brisbane;t=1528637909;h=From:From:To:Subject:Date:Message-ID;bh=" + BH + ";b=");
    }
}
