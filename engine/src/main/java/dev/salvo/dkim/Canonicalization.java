package dev.salvo.dkim;

/**
 * RFC 6376 §3.4: how header fields and body are normalised before hashing. Salvo uses the same
 * algorithm for both parts, so the c= tag is "relaxed/relaxed" or "simple/simple".
 */
public enum Canonicalization {
    /** RFC 6376 §3.4.2 and §3.4.4: tolerant of whitespace changes and header re-folding in transit. */
    RELAXED("relaxed/relaxed"),
    /** RFC 6376 §3.4.1 and §3.4.3: the bytes as sent; any change in transit breaks the signature. */
    SIMPLE("simple/simple");

    private final String tag;

    Canonicalization(String tag) {
        this.tag = tag;
    }

    /** The value of the c= tag. */
    public String tag() {
        return tag;
    }
}
