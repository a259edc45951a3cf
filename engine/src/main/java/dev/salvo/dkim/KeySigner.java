package dev.salvo.dkim;

import java.security.GeneralSecurityException;
import java.security.Signature;

/**
 * Signs header data with one key. A JCA Signature is not thread-safe, so each thread keeps its
 * own, initialised once: after sign() it is ready for the same key again, which spares the key
 * conversion that initSign costs (a native key in ACCP).
 */
final class KeySigner {
    private final DkimKey key;
    private final ThreadLocal<Signature> signature;

    KeySigner(DkimKey key) {
        this.key = key;
        this.signature = ThreadLocal.withInitial(() -> newSignature(key));
        signature.get(); // fail when the signer is built, not at the first message, if no provider can sign
    }

    DkimKey key() {
        return key;
    }

    /** The raw signature over data[0, length): RSA over the data, Ed25519 over its SHA-256 (RFC 8463 §3). */
    byte[] sign(byte[] data, int length) {
        Signature s = signature.get();
        try {
            if (key.algorithm() == DkimAlgorithm.ED25519_SHA256) {
                // RFC 8463 §3: PureEdDSA signs the SHA-256 hash of the header data, not the data itself.
                var sha = Canonicalizer.sha256();
                sha.update(data, 0, length);
                s.update(sha.digest());
            } else {
                s.update(data, 0, length);
            }
            return s.sign();
        } catch (GeneralSecurityException e) {
            signature.remove(); // its state is unknown now
            throw new IllegalStateException("DKIM signing failed with " + key + ": " + e, e);
        }
    }

    private static Signature newSignature(DkimKey key) {
        try {
            Signature s = Signature.getInstance(key.algorithm().jcaSignature());
            s.initSign(key.privateKey());
            return s;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no JCA provider can sign " + key + ": " + e, e);
        }
    }
}
