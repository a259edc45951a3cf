package dev.salvo.dkim;

import java.util.Objects;

/**
 * The bh= value of a body under one canonicalization: SHA-256 of the canonical body, base64.
 *
 * <p>A campaign whose body is the same for every recipient computes this once with
 * {@link DkimSigner#bodyHash(byte[], Canonicalization)} and passes it to
 * {@link DkimSigner#sign(byte[], BodyHash)}; the signatures are identical to those of
 * {@link DkimSigner#sign(byte[])}, which hashes the body itself.
 */
public record BodyHash(Canonicalization canonicalization, String base64) {
    public BodyHash {
        Objects.requireNonNull(canonicalization, "canonicalization");
        Objects.requireNonNull(base64, "base64");
    }
}
