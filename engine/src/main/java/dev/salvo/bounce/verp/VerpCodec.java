package dev.salvo.bounce.verp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * VERP return paths (Variable Envelope Return Path): {@code PREFIX+TOKEN@BOUNCE-DOMAIN}, one per
 * message and recipient, so a bounce that comes back to that address says whose mail bounced even
 * when the bounce itself is unreadable.
 *
 * <p>The token is base32 (lower case, no padding) of {@code form ‖ len(ref) ‖ ref ‖ recipient ‖ MAC}:
 * <ul>
 *   <li>{@code ref}: the message reference, at most {@value #MAX_REF} ASCII bytes (see {@link #campaignRef});
 *   <li>{@code recipient}: the address itself (form {@code a}) when it fits, else the first 8 bytes of
 *       SHA-256 of the normalised address (form {@code h}). RFC 5321 §4.5.3.1.1 caps a local part at 64
 *       octets, and many addresses are too long to carry whole. A hashed token still identifies the
 *       recipient: the bounce processor checks each address the report names (Final-Recipient,
 *       Original-Recipient, the returned message's To) against the hash, so the match stays exact; it
 *       fails only when the report names no address that hashes to it (then the report is set aside);
 *   <li>{@code MAC}: HMAC-SHA256 over a label, the bounce domain and everything before it, truncated to
 *       {@value #MAC_BYTES} bytes. 64 bits is ample against guessing over SMTP, where each guess costs a
 *       connection round trip; the comparison is constant-time.
 * </ul>
 * Thread-safe: a {@link Mac} is made per call (cheap next to the SMTP work around it).
 */
public final class VerpCodec {
    public static final int MAX_REF = 12;
    static final int MAC_BYTES = 8;
    static final int HASH_BYTES = 8;
    static final byte FORM_ADDRESS = 'a';
    static final byte FORM_HASH = 'h';
    /** RFC 5321 §4.5.3.1.1. */
    static final int MAX_LOCAL_PART = 64;
    private static final byte[] LABEL = "salvo-verp-1".getBytes(StandardCharsets.US_ASCII);

    private final String prefix;
    private final String domain;
    private final VerpSecrets secrets;
    private final int maxTokenChars;

    /**
     * @param prefix the local part before '+', e.g. "bounces"
     * @param domain the bounce domain, whose MX is the bounce listener
     */
    public VerpCodec(String prefix, String domain, VerpSecrets secrets) {
        if (prefix == null || !prefix.matches("[A-Za-z0-9._-]+") || prefix.startsWith(".") || prefix.endsWith(".")) {
            throw new IllegalArgumentException("the VERP prefix must be letters, digits, '.', '_' or '-', not: " + prefix);
        }
        if (domain == null || !domain.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+")) {
            throw new IllegalArgumentException("the VERP domain must be a domain name such as bounce.example.com, not: " + domain);
        }
        this.prefix = prefix;
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.secrets = secrets;
        this.maxTokenChars = MAX_LOCAL_PART - prefix.length() - 1;
        int longest = Base32.encodedLength(2 + MAX_REF + HASH_BYTES + MAC_BYTES);
        if (longest > maxTokenChars) {
            throw new IllegalArgumentException("the VERP prefix '" + prefix + "' is too long: a token needs up to "
                    + longest + " characters and a local part holds 64; use at most " + (MAX_LOCAL_PART - 1 - longest)
                    + " characters");
        }
    }

    public String domain() {
        return domain;
    }

    /**
     * A reference for message number {@code sequence} of a campaign that fits in {@value #MAX_REF}
     * bytes: the sequence in base 36, a dot, and as much of the campaign id as fits (letters, digits,
     * '-', '_' only). It is a hint for people; the match itself rests on the recipient.
     */
    public static String campaignRef(String campaignId, long sequence) {
        StringBuilder s = new StringBuilder(Long.toString(sequence, 36));
        if (campaignId != null && !campaignId.isEmpty()) {
            s.append('.');
            for (int i = 0; i < campaignId.length() && s.length() < MAX_REF; i++) {
                char c = campaignId.charAt(i);
                s.append(c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_') ? c : '_');
            }
        }
        s.setLength(Math.min(s.length(), MAX_REF));
        return s.toString();
    }

    /** The return path for {@code recipient} of message {@code ref}. */
    public String encode(String ref, String recipient) {
        byte[] refBytes = ref.getBytes(StandardCharsets.US_ASCII);
        if (refBytes.length > MAX_REF || !ref.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException("a VERP reference is printable ASCII of at most " + MAX_REF + " bytes: " + ref);
        }
        String normalised = recipient.trim().toLowerCase(Locale.ROOT);
        byte[] address = normalised.getBytes(StandardCharsets.UTF_8);
        byte[] payload = payload(FORM_ADDRESS, refBytes, address);
        if (Base32.encodedLength(payload.length + MAC_BYTES) > maxTokenChars) {
            payload = payload(FORM_HASH, refBytes, recipientHash(normalised));
        }
        byte[] token = Arrays.copyOf(payload, payload.length + MAC_BYTES);
        System.arraycopy(mac(secrets.signing(), payload), 0, token, payload.length, MAC_BYTES);
        return prefix + "+" + Base32.encode(token) + "@" + domain;
    }

    /** Reads a return path; never throws on bad input (a refusal is a value with a reason). */
    public VerpResult decode(String address) {
        String a = address == null ? "" : address.trim();
        if (a.startsWith("<") && a.endsWith(">")) {
            a = a.substring(1, a.length() - 1);
        }
        int at = a.lastIndexOf('@');
        if (at < 0 || !a.substring(at + 1).equalsIgnoreCase(domain)) {
            return VerpResult.refused(VerpResult.Status.NOT_OURS, "not an address of the bounce domain " + domain);
        }
        String local = a.substring(0, at);
        if (!local.regionMatches(true, 0, prefix + "+", 0, prefix.length() + 1)) {
            return VerpResult.refused(VerpResult.Status.NOT_OURS, "the local part does not start with " + prefix + "+");
        }
        byte[] token = Base32.decode(local.substring(prefix.length() + 1));
        if (token == null || token.length < 2 + MAC_BYTES) {
            return VerpResult.refused(VerpResult.Status.MALFORMED, "the VERP token is not valid base32 of a plausible length");
        }
        byte[] payload = Arrays.copyOf(token, token.length - MAC_BYTES);
        byte[] given = Arrays.copyOfRange(token, token.length - MAC_BYTES, token.length);
        boolean authentic = false;
        for (byte[] key : secrets.verifying()) {
            // MessageDigest.isEqual is constant-time in the contents since JDK 6u17; check every key anyway.
            authentic |= MessageDigest.isEqual(Arrays.copyOf(mac(key, payload), MAC_BYTES), given);
        }
        if (!authentic) {
            return VerpResult.refused(VerpResult.Status.BAD_MAC, "the VERP token's MAC does not verify (forged or altered)");
        }
        return parse(payload);
    }

    private static VerpResult parse(byte[] payload) {
        int refLen = payload[1] & 0xff;
        if (refLen > MAX_REF || 2 + refLen > payload.length) {
            return VerpResult.refused(VerpResult.Status.MALFORMED, "the VERP token's reference length is wrong");
        }
        String ref = new String(payload, 2, refLen, StandardCharsets.US_ASCII);
        byte[] rest = Arrays.copyOfRange(payload, 2 + refLen, payload.length);
        if (payload[0] == FORM_ADDRESS) {
            String recipient = new String(rest, StandardCharsets.UTF_8);
            return VerpResult.ok(new VerpToken(ref, recipient, recipientHash(recipient)));
        }
        if (payload[0] == FORM_HASH && rest.length == HASH_BYTES) {
            return VerpResult.ok(new VerpToken(ref, null, rest));
        }
        return VerpResult.refused(VerpResult.Status.MALFORMED, "the VERP token's form is unknown");
    }

    private static byte[] payload(byte form, byte[] ref, byte[] recipient) {
        byte[] p = new byte[2 + ref.length + recipient.length];
        p[0] = form;
        p[1] = (byte) ref.length;
        System.arraycopy(ref, 0, p, 2, ref.length);
        System.arraycopy(recipient, 0, p, 2 + ref.length, recipient.length);
        return p;
    }

    private byte[] mac(byte[] key, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(LABEL);
            mac.update((byte) 0);
            mac.update(domain.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** The first {@value #HASH_BYTES} bytes of SHA-256 of the address, lower-cased. */
    static byte[] recipientHash(String address) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(address.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(d, HASH_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
