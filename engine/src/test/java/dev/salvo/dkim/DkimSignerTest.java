package dev.salvo.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signer's own rules: which headers, the body hash shortcut, folding, and the empty body. */
class DkimSignerTest {
    static final Clock FIXED = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    static final String MESSAGE = "From: Ann <ann@example.com>\r\n"
            + "To: bob@example.net\r\n"
            + "Subject: Hello\r\n"
            + "X-Campaign: 42\r\n"
            + "\r\n"
            + "Body line\r\n";

    @TempDir
    Path dir;

    private DkimKey rsa() throws Exception {
        return DkimKey.load(TestKeys.pkcs8(dir.resolve("rsa.pem"), TestKeys.rsa2048()), "example.com", "rsa");
    }

    private DkimKey ed25519() throws Exception {
        return DkimKey.load(TestKeys.pkcs8(dir.resolve("ed.pem"), TestKeys.generate("Ed25519", 0)), "example.com", "ed");
    }

    private static String signatureField(byte[] signed) {
        String s = new String(signed, StandardCharsets.UTF_8);
        return s.substring(0, s.indexOf("\r\nFrom:"));
    }

    @Test
    void signsOnlyPresentHeadersAndOverSignsFrom() throws Exception {
        byte[] signed = DkimSigner.builder(ed25519()).clock(FIXED).build().sign(MESSAGE.getBytes(StandardCharsets.US_ASCII));
        String field = signatureField(signed).replaceAll("\\s+", "");
        assertThat(field).contains(";t=1700000000;h=From:From:To:Subject;bh=");
        assertThat(new String(signed, StandardCharsets.US_ASCII)).endsWith("\r\n" + MESSAGE);
    }

    @Test
    void precomputedBodyHashGivesIdenticalSignatures() throws Exception {
        byte[] message = MESSAGE.getBytes(StandardCharsets.US_ASCII);
        byte[] body = Arrays.copyOfRange(message, MESSAGE.indexOf("\r\n\r\n") + 4, message.length);
        for (Canonicalization c : Canonicalization.values()) {
            // Ed25519 and RSA PKCS#1 v1.5 are both deterministic, so equal inputs give equal bytes.
            DkimSigner signer = DkimSigner.builder(rsa(), ed25519()).canonicalization(c).clock(FIXED).build();
            BodyHash once = signer.bodyHash(body);
            assertThat(signer.sign(message, once)).isEqualTo(signer.sign(message));
        }
    }

    @Test
    void bodyHashOfTheWrongCanonicalizationIsRefused() throws Exception {
        DkimSigner signer = DkimSigner.builder(ed25519()).build();
        BodyHash simple = DkimSigner.bodyHash(new byte[0], Canonicalization.SIMPLE);
        assertThatThrownBy(() -> signer.sign(MESSAGE.getBytes(StandardCharsets.US_ASCII), simple))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("body hash is simple/simple but this signer uses relaxed/relaxed");
    }

    @Test
    void emptyBodyHashes() {
        // RFC 6376 §3.4.3: simple makes an empty body one CRLF; §3.4.4: relaxed leaves it empty.
        assertThat(DkimSigner.bodyHash(new byte[0], Canonicalization.SIMPLE).base64())
                .isEqualTo("frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=");
        assertThat(DkimSigner.bodyHash("\r\n\r\n".getBytes(StandardCharsets.US_ASCII), Canonicalization.SIMPLE).base64())
                .isEqualTo("frcCV1k9oG9oKj3dpUqdJg1PxRT2RSN/XKdLCPjaYaY=");
        assertThat(DkimSigner.bodyHash(new byte[0], Canonicalization.RELAXED).base64())
                .isEqualTo("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        assertThat(DkimSigner.bodyHash(" \t\r\n\r\n".getBytes(StandardCharsets.US_ASCII), Canonicalization.RELAXED).base64())
                .isEqualTo("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
    }

    @Test
    void relaxedBodyIgnoresWhitespaceChangesAndAMissingFinalCrlf() {
        BodyHash a = DkimSigner.bodyHash("a  b\t \r\nc\r\n\r\n".getBytes(StandardCharsets.US_ASCII), Canonicalization.RELAXED);
        BodyHash b = DkimSigner.bodyHash("a b\r\nc".getBytes(StandardCharsets.US_ASCII), Canonicalization.RELAXED);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void foldsEveryLineWithin78Columns() throws Exception {
        String many = "From: a@example.com\r\nTo: b@example.net\r\nCc: c@example.net\r\nSubject: s\r\nDate: d\r\n"
                + "Message-ID: <m@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n"
                + "Content-Transfer-Encoding: 8bit\r\nList-Unsubscribe: <mailto:u@example.com>\r\n"
                + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nReply-To: r@example.com\r\n\r\nx\r\n";
        DkimSigner signer = DkimSigner.builder(rsa(), ed25519()).clock(FIXED).build();
        String signed = new String(signer.sign(many.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
        String fields = signed.substring(0, signed.indexOf("\r\nFrom:"));
        assertThat(fields.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
        assertThat(fields.split("\r\n")).filteredOn(line -> line.startsWith("DKIM-Signature:")).hasSize(2);
    }

    @Test
    void messageWithoutFromIsRefused() throws Exception {
        DkimSigner signer = DkimSigner.builder(ed25519()).build();
        assertThatThrownBy(() -> signer.sign("To: b@example.net\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no From header field");
    }

    @Test
    void bareLfIsRefused() throws Exception {
        DkimSigner signer = DkimSigner.builder(ed25519()).build();
        assertThatThrownBy(() -> signer.sign("From: a@example.com\n\nx\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bare LF");
    }

    @Test
    void headerListMustIncludeFrom() throws Exception {
        var builder = DkimSigner.builder(ed25519());
        assertThatThrownBy(() -> builder.headers(List.of("To", "Subject")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the signed headers must include From (RFC 6376 §5.4)");
    }
}
