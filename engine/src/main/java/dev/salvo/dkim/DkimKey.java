package dev.salvo.dkim;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A DKIM signing key with its domain (d=) and selector (s=): RSA (PKCS#8 "BEGIN PRIVATE KEY" or
 * PKCS#1 "BEGIN RSA PRIVATE KEY") or Ed25519 (PKCS#8). Every problem is reported at load, naming
 * the file, so that signing itself cannot fail on a bad key.
 */
public final class DkimKey {
    /** RFC 8301 §3.2: signers MUST use RSA keys of at least 1024 bits. */
    static final int MIN_RSA_BITS = 1024;
    /** RFC 8301 §3.2: verifiers need only handle keys up to 4096 bits. */
    static final int MAX_RSA_BITS = 4096;

    private static final String GENERATE_RSA =
            "generate a 2048-bit key with: openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048";

    /** RFC 6376 §3.5: d= and s= are domain names (sub-domain syntax); '_' is tolerated in selectors seen in the wild. */
    private static final Pattern NAME = Pattern.compile(
            "[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*");

    private final PrivateKey privateKey;
    private final DkimAlgorithm algorithm;
    private final String domain;
    private final String selector;
    private final String dnsRecord;

    private DkimKey(PrivateKey privateKey, DkimAlgorithm algorithm, String domain, String selector, String dnsRecord) {
        this.privateKey = privateKey;
        this.algorithm = algorithm;
        this.domain = domain;
        this.selector = selector;
        this.dnsRecord = dnsRecord;
    }

    /**
     * Loads a PEM private key.
     *
     * @throws InvalidDkimKeyException naming the file and what is wrong with it
     */
    public static DkimKey load(Path pemFile, String domain, String selector) {
        Objects.requireNonNull(pemFile, "pemFile");
        checkName(domain, "domain (d=)");
        checkName(selector, "selector (s=)");
        String source = "DKIM key file " + pemFile;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pemFile);
        } catch (NoSuchFileException e) {
            throw new InvalidDkimKeyException(source + " does not exist");
        } catch (AccessDeniedException e) {
            throw new InvalidDkimKeyException(source + " cannot be read: permission denied");
        } catch (IOException e) {
            throw new InvalidDkimKeyException(source + " cannot be read: " + e, e);
        }
        PrivateKeyInfo info = readPrivateKeyInfo(new String(bytes, StandardCharsets.ISO_8859_1), source);
        return fromPrivateKeyInfo(info, domain, selector, source);
    }

    public DkimAlgorithm algorithm() {
        return algorithm;
    }

    public String domain() {
        return domain;
    }

    public String selector() {
        return selector;
    }

    /** The TXT record to publish at {@code selector._domainkey.domain}: "v=DKIM1; k=...; p=...". */
    public String dnsRecord() {
        return dnsRecord;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        // Never the key material: this may reach a log.
        return algorithm.tag() + " key for d=" + domain + " s=" + selector;
    }

    private static void checkName(String name, String what) {
        if (name == null || name.length() > 253 || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("DKIM " + what + " must be a domain name (letters, digits, '-', '.'), got "
                    + (name == null ? "nothing" : "\"" + name.replaceAll("\\p{Cntrl}", "?") + "\""));
        }
    }

    /** Reads the first private key in the PEM text; certificates and parameters before it are skipped. */
    private static PrivateKeyInfo readPrivateKeyInfo(String pem, String source) {
        String seen = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return info;
                } else if (object instanceof PEMKeyPair pair) {
                    return pair.getPrivateKeyInfo(); // PKCS#1 "RSA PRIVATE KEY", wrapped into PKCS#8 by BouncyCastle
                } else if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                    throw new InvalidDkimKeyException(source + " holds an encrypted private key; Salvo needs it unencrypted"
                            + " (readable only by the sending user): openssl pkey -in KEY.pem -out KEY-plain.pem");
                } else if (object instanceof SubjectPublicKeyInfo) {
                    seen = "a public key";
                } else if (object instanceof X509CertificateHolder) {
                    seen = "a certificate";
                } else if (seen == null) {
                    seen = "a PEM object that is not a private key";
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidDkimKeyException invalid) {
                throw invalid;
            }
            throw new InvalidDkimKeyException(source + " is not a valid PEM private key: " + e.getMessage(), e);
        }
        throw new InvalidDkimKeyException(source + " is not a PEM private key (found " + (seen == null ? "no PEM block" : seen)
                + "); expected \"-----BEGIN PRIVATE KEY-----\" (RSA or Ed25519) or \"-----BEGIN RSA PRIVATE KEY-----\"");
    }

    private static DkimKey fromPrivateKeyInfo(PrivateKeyInfo info, String domain, String selector, String source) {
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        DkimAlgorithm algorithm;
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            algorithm = DkimAlgorithm.RSA_SHA256;
        } else if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
            algorithm = DkimAlgorithm.ED25519_SHA256;
        } else {
            throw new InvalidDkimKeyException(source + " holds an unsupported " + keyTypeName(oid)
                    + " key; DKIM signs with RSA (rsa-sha256) or Ed25519 (ed25519-sha256, RFC 8463)");
        }
        try {
            PrivateKey key = KeyFactory.getInstance(algorithm.jcaKeyFactory())
                    .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
            String publicKey = algorithm == DkimAlgorithm.RSA_SHA256
                    ? rsaPublicKey(key, source) : ed25519PublicKey(info);
            return new DkimKey(key, algorithm, domain, selector,
                    "v=DKIM1; k=" + algorithm.dnsKeyType() + "; p=" + publicKey);
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            if (e instanceof InvalidDkimKeyException invalid) {
                throw invalid;
            }
            throw new InvalidDkimKeyException(source + " holds a damaged " + algorithm.jcaKeyFactory() + " key: " + e.getMessage(), e);
        }
    }

    private static String rsaPublicKey(PrivateKey key, String source) throws GeneralSecurityException {
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            throw new InvalidDkimKeyException(source + " holds an RSA key without its public part (not a CRT key)");
        }
        int bits = rsa.getModulus().bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new InvalidDkimKeyException(source + " holds a " + bits + "-bit RSA key: RSA keys under 1024 bits are"
                    + " refused by receivers (RFC 8301); " + GENERATE_RSA);
        }
        if (bits > MAX_RSA_BITS) {
            throw new InvalidDkimKeyException(source + " holds a " + bits + "-bit RSA key: RSA keys over 4096 bits are"
                    + " not supported (RFC 8301 §3.2: verifiers need only handle up to 4096 bits); " + GENERATE_RSA);
        }
        byte[] spki = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())).getEncoded();
        return Base64.getEncoder().encodeToString(spki);
    }

    /** RFC 8463 §4.2: p= is the raw 32-byte Ed25519 public key, not a SubjectPublicKeyInfo. */
    private static String ed25519PublicKey(PrivateKeyInfo info) throws IOException {
        byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 private key is " + seed.length + " bytes, not 32");
        }
        return Base64.getEncoder().encodeToString(new Ed25519PrivateKeyParameters(seed).generatePublicKey().getEncoded());
    }

    private static String keyTypeName(ASN1ObjectIdentifier oid) {
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            return "EC (ECDSA)";
        } else if (EdECObjectIdentifiers.id_Ed448.equals(oid)) {
            return "Ed448";
        } else if (X9ObjectIdentifiers.id_dsa.equals(oid)) {
            return "DSA";
        }
        return "key type (OID " + oid.getId() + ")";
    }
}
