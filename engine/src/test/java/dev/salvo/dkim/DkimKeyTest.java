package dev.salvo.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading keys: the formats that work, and an error naming the file for each that does not. */
class DkimKeyTest {
    @TempDir
    Path dir;

    @Test
    void loadsRsaPkcs8AndPkcs1AsTheSameKey() throws Exception {
        var pair = TestKeys.rsa2048();
        DkimKey pkcs8 = DkimKey.load(TestKeys.pkcs8(dir.resolve("k8.pem"), pair), "example.com", "s2048");
        DkimKey pkcs1 = DkimKey.load(TestKeys.pkcs1(dir.resolve("k1.pem"), pair), "example.com", "s2048");
        assertThat(pkcs8.algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA256);
        assertThat(pkcs1.algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA256);
        assertThat(pkcs1.dnsRecord()).isEqualTo(pkcs8.dnsRecord()).startsWith("v=DKIM1; k=rsa; p=MIIBIjAN");
        assertThat(pkcs8.toString()).isEqualTo("rsa-sha256 key for d=example.com s=s2048");
    }

    @Test
    void loadsEd25519() throws Exception {
        DkimKey key = DkimKey.load(TestKeys.pkcs8(dir.resolve("ed.pem"), TestKeys.generate("Ed25519", 0)), "example.com", "ed");
        assertThat(key.algorithm()).isEqualTo(DkimAlgorithm.ED25519_SHA256);
        assertThat(key.dnsRecord()).startsWith("v=DKIM1; k=ed25519; p=").hasSize("v=DKIM1; k=ed25519; p=".length() + 44);
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> DkimKey.load(missing, "example.com", "s"))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessage("DKIM key file " + missing + " does not exist");
    }

    @Test
    void unreadableFile() {
        // A directory cannot be read as a file, even by root (who passes permission checks).
        assertThatThrownBy(() -> DkimKey.load(dir, "example.com", "s"))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessageStartingWith("DKIM key file " + dir + " cannot be read: ");
    }

    @Test
    void notAKey() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        assertThatThrownBy(() -> DkimKey.load(text, "example.com", "s"))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessage("DKIM key file " + text + " is not a PEM private key (found no PEM block); expected"
                        + " \"-----BEGIN PRIVATE KEY-----\" (RSA or Ed25519) or \"-----BEGIN RSA PRIVATE KEY-----\"");
    }

    @Test
    void publicKeyIsNotAPrivateKey() throws Exception {
        Path pub = TestKeys.pem(dir.resolve("pub.pem"), "PUBLIC KEY", TestKeys.rsa2048().getPublic().getEncoded());
        assertThatThrownBy(() -> DkimKey.load(pub, "example.com", "s"))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessageStartingWith("DKIM key file " + pub + " is not a PEM private key (found a public key)");
    }

    @Test
    void damagedPem() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> DkimKey.load(bad, "example.com", "s"))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessageStartingWith("DKIM key file " + bad + " is not a valid PEM private key");
    }

    @Test
    void rsaUnder1024BitsIsRefused() throws Exception {
        Path small = TestKeys.pkcs8(dir.resolve("small.pem"), TestKeys.generate("RSA", 768));
        assertThatThrownBy(() -> DkimKey.load(small, "example.com", "s"))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessage("DKIM key file " + small + " holds a 768-bit RSA key: RSA keys under 1024 bits are refused"
                        + " by receivers (RFC 8301); generate a 2048-bit key with:"
                        + " openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048");
    }

    @Test
    void rsaOver4096BitsIsRefused() throws Exception {
        Path big = TestKeys.pkcs1(dir.resolve("big.pem"), TestKeys.generate("RSA", 4104));
        assertThatThrownBy(() -> DkimKey.load(big, "example.com", "s"))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessageStartingWith("DKIM key file " + big + " holds a 4104-bit RSA key: RSA keys over 4096 bits"
                        + " are not supported")
                .hasMessageEndingWith("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048");
    }

    @Test
    void unsupportedKeyType() throws Exception {
        Path ec = TestKeys.pkcs8(dir.resolve("ec.pem"), TestKeys.ec256());
        assertThatThrownBy(() -> DkimKey.load(ec, "example.com", "s"))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessage("DKIM key file " + ec + " holds an unsupported EC (ECDSA) key; DKIM signs with RSA"
                        + " (rsa-sha256) or Ed25519 (ed25519-sha256, RFC 8463)");
    }

    @Test
    void encryptedKeyIsRefusedWithTheCommandThatDecryptsIt() throws Exception {
        Path enc = TestKeys.pem(dir.resolve("enc.pem"), "ENCRYPTED PRIVATE KEY", encryptedPkcs8());
        assertThatThrownBy(() -> DkimKey.load(enc, "example.com", "s"))
                .isInstanceOf(InvalidDkimKeyException.class)
                .hasMessageContaining(enc.toString())
                .hasMessageContaining("encrypted private key")
                .hasMessageContaining("openssl pkey");
    }

    @Test
    void badDomainOrSelector() throws Exception {
        Path key = TestKeys.pkcs8(dir.resolve("k.pem"), TestKeys.generate("Ed25519", 0));
        assertThatThrownBy(() -> DkimKey.load(key, "example.com; x=1", "s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DKIM domain (d=) must be a domain name");
        assertThatThrownBy(() -> DkimKey.load(key, "example.com", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DKIM selector (s=) must be a domain name");
    }

    private static byte[] encryptedPkcs8() throws Exception {
        var pair = TestKeys.generate("Ed25519", 0);
        var encryptor = new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
                org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                .setPassword("secret".toCharArray()).build();
        return new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), encryptor).generate().getContent();
    }
}
