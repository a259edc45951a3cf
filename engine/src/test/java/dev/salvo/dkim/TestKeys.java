package dev.salvo.dkim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/** Key pairs made for the tests, written as PEM files. */
final class TestKeys {
    private static KeyPair rsa2048;

    private TestKeys() {
    }

    static synchronized KeyPair rsa2048() {
        if (rsa2048 == null) {
            rsa2048 = generate("RSA", 2048);
        }
        return rsa2048;
    }

    static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            if (bits > 0) {
                g.initialize(bits);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ec256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 "BEGIN PRIVATE KEY". */
    static Path pkcs8(Path file, KeyPair pair) throws IOException {
        return pem(file, "PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    /** PKCS#1 "BEGIN RSA PRIVATE KEY", as older openssl genrsa writes. */
    static Path pkcs1(Path file, KeyPair pair) throws IOException {
        byte[] der = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
        return pem(file, "RSA PRIVATE KEY", der);
    }

    static Path pem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
                StandardCharsets.US_ASCII);
        return file;
    }
}
