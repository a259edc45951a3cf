package dev.salvo.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Independent verification: messages signed here are verified by dkimpy (Debian's python3-dkim,
 * installed by scripts/install-test-peers) through src/test/resources/dkim/verify.py, with the
 * public key served by a test DNS function. Skipped without python3-dkim, unless
 * salvo.interop.required=true, which fails instead.
 */
class DkimpyInteropTest {
    /** Debian's interpreter: python3-dkim installs into its dist-packages, which a pyenv python does not see. */
    private static final String ACCP = "AmazonCorrettoCryptoProvider";
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    /** Folded headers (one with a tab), an 8-bit UTF-8 body, trailing white space and blank lines. */
    static final String FOLDED_UTF8 = "From: =?UTF-8?Q?Ren=C3=A9e?=\r\n <renee@example.com>\r\n"
            + "To: bob@example.net,\r\n\tcarol@example.net\r\n"
            + "Subject: A subject that is long enough to have been folded\r\n   across two lines\r\n"
            + "Date: Sat, 28 Nov 2026 18:00:00 +0000\r\n"
            + "Message-ID: <1@example.com>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "List-Unsubscribe: <https://example.com/u/1>, <mailto:u@example.com>\r\n"
            + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            + "\r\n"
            + "Grüße aus Köln — ça va? 日本語のテキスト  \r\n"
            + ".a line that SMTP would dot-stuff\r\n"
            + "\ttabbed   spaces\r\n"
            + "\r\n\r\n";
    static final String EMPTY_BODY = "From: ann@example.com\r\nTo: bob@example.net\r\nSubject: empty\r\n\r\n";
    static final String NO_BODY = "From: ann@example.com\r\nSubject: header only\r\n";

    @TempDir
    static Path dir;
    static Path verifier;
    static DkimKey rsa;
    static DkimKey ed25519;

    @BeforeAll
    static void setUp() throws Exception {
        requireDkimpy();
        verifier = dir.resolve("verify.py");
        try (InputStream in = DkimpyInteropTest.class.getResourceAsStream("/dkim/verify.py")) {
            Files.copy(in, verifier);
        }
        rsa = DkimKey.load(TestKeys.pkcs1(dir.resolve("rsa.pem"), TestKeys.rsa2048()), "example.com", "rsa2048");
        ed25519 = DkimKey.load(TestKeys.pkcs8(dir.resolve("ed.pem"), TestKeys.generate("Ed25519", 0)), "example.com", "ed");
    }

    /** Leaves the JVM's providers as found: later test classes in this fork do not expect ACCP first. */
    @AfterAll
    static void removeAccp() {
        Security.removeProvider("AmazonCorrettoCryptoProvider");
    }

    private static void requireDkimpy() throws Exception {
        String missing = null;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import dkim, nacl").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                missing = "python3-dkim is not importable by " + PYTHON + ": " + out.strip();
            }
        } catch (IOException e) {
            missing = PYTHON + " cannot run: " + e.getMessage();
        }
        if (missing != null) {
            if (Boolean.getBoolean("salvo.interop.required")) {
                fail(missing + " but salvo.interop.required=true: run scripts/install-test-peers");
            }
            Assumptions.assumeTrue(false, missing + "; skipping (run scripts/install-test-peers)");
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String provider : List.of("JDK", "ACCP")) {
            for (String alg : List.of("rsa", "ed25519")) {
                for (Canonicalization c : Canonicalization.values()) {
                    for (String message : List.of("FOLDED_UTF8", "EMPTY_BODY", "NO_BODY")) {
                        cases.add(Arguments.of(provider, alg, c, message));
                    }
                }
            }
        }
        return cases.stream();
    }

    private static String message(String name) {
        return switch (name) {
            case "FOLDED_UTF8" -> FOLDED_UTF8;
            case "EMPTY_BODY" -> EMPTY_BODY;
            default -> NO_BODY;
        };
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("cases")
    void dkimpyVerifies(String provider, String alg, Canonicalization c, String messageName) throws Exception {
        useProvider(provider);
        DkimKey key = alg.equals("rsa") ? rsa : ed25519;
        assertThat(Signature.getInstance(key.algorithm().jcaSignature()).getProvider().getName())
                .isEqualTo(provider.equals("ACCP") ? ACCP : provider.equals("JDK") && alg.equals("rsa") ? "SunRsaSign" : "SunEC");
        byte[] signed = DkimSigner.builder(key).canonicalization(c).build()
                .sign(message(messageName).getBytes(StandardCharsets.UTF_8));
        assertThat(verify(signed, key)).as("dkimpy on\n%s", new String(signed, StandardCharsets.UTF_8)).isZero();
    }

    @ParameterizedTest
    @MethodSource("canonicalizations")
    void dkimpyVerifiesBothSignaturesOfADualSignedMessage(Canonicalization c) throws Exception {
        useProvider("ACCP");
        byte[] signed = DkimSigner.builder(rsa, ed25519).canonicalization(c).build()
                .sign(FOLDED_UTF8.getBytes(StandardCharsets.UTF_8));
        assertThat(verify(signed, rsa, ed25519)).isZero();
    }

    /**
     * The JDK's providers, or ACCP first (skipped where its native library does not load). The
     * signer takes whichever provider is first when it makes its Signature, so the switch is made
     * before each signer is built.
     */
    private static void useProvider(String provider) {
        if (provider.equals("JDK")) {
            Security.removeProvider(ACCP);
        } else {
            String installed = CryptoProviders.installFastest();
            Assumptions.assumeTrue(installed.startsWith("ACCP"), installed);
            if (Security.getProvider(ACCP) == null) {
                Security.insertProviderAt(AmazonCorrettoCryptoProvider.INSTANCE, 1);
            }
        }
    }

    @Test
    void dkimpyRejectsATamperedBody() throws Exception {
        byte[] signed = DkimSigner.builder(ed25519).build().sign(FOLDED_UTF8.getBytes(StandardCharsets.UTF_8));
        String tampered = new String(signed, StandardCharsets.UTF_8).replace("Köln", "Bonn");
        assertThat(verify(tampered.getBytes(StandardCharsets.UTF_8), ed25519)).isEqualTo(1);
    }

    static Stream<Canonicalization> canonicalizations() {
        return Stream.of(Canonicalization.values());
    }

    private static int verify(byte[] message, DkimKey... keys) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(PYTHON, verifier.toString()).redirectErrorStream(true);
        for (DkimKey key : keys) {
            pb.environment().put("DKIM_TXT_" + key.selector().toUpperCase(Locale.ROOT), key.dnsRecord());
        }
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(message);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("verify.py did not finish: " + out);
        }
        if (p.exitValue() != 0) {
            System.err.println("verify.py: " + out);
        }
        return p.exitValue();
    }
}
