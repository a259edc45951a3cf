package dev.salvo.bounce.verp;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * What an authentic VERP token says.
 *
 * @param ref the message reference it was made for
 * @param recipient the recipient, or null when the token carries only its hash (long addresses)
 */
public record VerpToken(String ref, String recipient, byte[] recipientHash) {
    public VerpToken {
        recipientHash = recipientHash.clone();
    }

    /** True when {@code address} is the recipient this token was made for (case-insensitively). */
    public boolean names(String address) {
        return address != null && MessageDigest.isEqual(VerpCodec.recipientHash(address), recipientHash);
    }

    @Override
    public byte[] recipientHash() {
        return recipientHash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerpToken t && t.ref.equals(ref) && java.util.Objects.equals(t.recipient, recipient)
                && Arrays.equals(t.recipientHash, recipientHash);
    }

    @Override
    public int hashCode() {
        return ref.hashCode() * 31 + Arrays.hashCode(recipientHash);
    }

    @Override
    public String toString() {
        return "VerpToken[ref=" + ref + ", recipient=" + (recipient == null ? "(hashed)" : recipient) + "]";
    }
}
