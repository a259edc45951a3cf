package dev.salvo.dkim;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * DKIM signatures per second: rsa-2048 and ed25519, with the JDK's providers and with ACCP
 * (AWS-LC) installed first. JMH runs each parameter combination in its own fork, so a JDK run
 * never has ACCP loaded. {@code signWithBodyHash} is the campaign path (body hashed once, so the
 * cost is the header canonicalization and the signature); {@code sign} also hashes a 2 KB body.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class DkimBenchmark {
    private static final String ACCP = "AmazonCorrettoCryptoProvider";

    @Param({"rsa-2048", "ed25519"})
    public String algorithm;

    @Param({"ACCP", "JDK"})
    public String provider;

    private DkimSigner signer;
    private byte[] message;
    private BodyHash bodyHash;

    @Setup
    public void setUp() throws Exception {
        if (provider.equals("ACCP")) {
            String installed = CryptoProviders.installFastest();
            if (!installed.startsWith("ACCP")) {
                throw new IllegalStateException("ACCP was asked for but: " + installed);
            }
        } else {
            Security.removeProvider(ACCP);
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm.equals("ed25519") ? "Ed25519" : "RSA");
        if (algorithm.equals("rsa-2048")) {
            g.initialize(2048);
        }
        Path pem = Files.createTempFile("dkim-bench", ".pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(g.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        DkimKey key = DkimKey.load(pem, "example.com", "bench");
        Files.delete(pem);
        signer = DkimSigner.builder(key).build();

        String body = "Hello Ann, this is line of a campaign body that is much like any other line.\r\n".repeat(26);
        String header = "From: Example News <news@example.com>\r\nTo: ann@example.net\r\nSubject: Our November news\r\n"
                + "Date: Sat, 28 Nov 2026 18:00:00 +0000\r\nMessage-ID: <1.42@example.com>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
                + "List-Unsubscribe: <https://example.com/u/42>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
        message = (header + "\r\n" + body).getBytes(StandardCharsets.UTF_8);
        bodyHash = signer.bodyHash(body.getBytes(StandardCharsets.UTF_8));
        String actual = java.security.Signature.getInstance(algorithm.equals("ed25519") ? "Ed25519" : "SHA256withRSA")
                .getProvider().getName();
        System.out.println("# DKIM " + algorithm + " signs with " + actual);
    }

    @Benchmark
    public byte[] signWithBodyHash() {
        return signer.sign(message, bodyHash);
    }

    @Benchmark
    public byte[] sign() {
        return signer.sign(message);
    }
}
