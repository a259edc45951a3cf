package dev.salvo.dkim;

/** The signing algorithms Salvo supports, with their a= tag, JCA names and DNS k= value. */
public enum DkimAlgorithm {
    /** RFC 6376 §3.3.1; RFC 8301 requires keys of at least 1024 bits. */
    RSA_SHA256("rsa-sha256", "SHA256withRSA", "RSA", "rsa"),
    /** RFC 8463: PureEdDSA Ed25519 over the SHA-256 of the header data. */
    ED25519_SHA256("ed25519-sha256", "Ed25519", "Ed25519", "ed25519");

    private final String tag;
    private final String jcaSignature;
    private final String jcaKeyFactory;
    private final String dnsKeyType;

    DkimAlgorithm(String tag, String jcaSignature, String jcaKeyFactory, String dnsKeyType) {
        this.tag = tag;
        this.jcaSignature = jcaSignature;
        this.jcaKeyFactory = jcaKeyFactory;
        this.dnsKeyType = dnsKeyType;
    }

    /** The value of the a= tag. */
    public String tag() {
        return tag;
    }

    /** The k= value of the selector's TXT record ("v=DKIM1; k=...; p=..."). */
    public String dnsKeyType() {
        return dnsKeyType;
    }

    String jcaSignature() {
        return jcaSignature;
    }

    String jcaKeyFactory() {
        return jcaKeyFactory;
    }
}
