package dev.salvo.message;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An envelope address (RFC 5321 Mailbox), validated at the edge by {@link #parse}.
 *
 * <p>Equality follows RFC 5321 §2.4: the local part is compared exactly (it may be case-sensitive
 * at the destination), the domain ignoring ASCII case.
 */
public final class EmailAddress {
    private static final EmailAddress NULL_SENDER = new EmailAddress("", "", false);

    private final String address;
    private final String localPart;
    private final String domain;
    private final boolean needsSmtpUtf8;
    /** Encoded once here so the command encoder on the hot path writes bytes without encoding. */
    private final byte[] utf8Bytes;
    private final String domainKey;

    EmailAddress(String localPart, String domain, boolean needsSmtpUtf8) {
        this(localPart, domain, needsSmtpUtf8, null);
    }

    private EmailAddress(String localPart, String domain, boolean needsSmtpUtf8, byte[] utf8) {
        this.localPart = localPart;
        this.domain = domain;
        this.address = localPart.isEmpty() ? "" : localPart + '@' + domain;
        this.needsSmtpUtf8 = needsSmtpUtf8;
        this.utf8Bytes = utf8 != null ? utf8 : address.getBytes(StandardCharsets.UTF_8);
        this.domainKey = domain.toLowerCase(Locale.ROOT);
    }

    /**
     * Rebuilds an address from the {@link #utf8Bytes()} of one that was already validated, without
     * validating again and sharing the array: a queue can hold just the bytes of millions of
     * recipients and make the address object only when one is sent.
     */
    public static EmailAddress fromValidatedUtf8(byte[] utf8) {
        int at = atIndex(utf8);
        boolean utf8Needed = false;
        for (byte b : utf8) {
            if (b < 0) {
                utf8Needed = true;
                break;
            }
        }
        return new EmailAddress(new String(utf8, 0, at, StandardCharsets.UTF_8),
                new String(utf8, at + 1, utf8.length - at - 1, StandardCharsets.UTF_8), utf8Needed, utf8);
    }

    /** Where the domain's '@' is in a validated address's bytes: the last one (a quoted local part may hold others). */
    public static int atIndex(byte[] utf8) {
        for (int i = utf8.length - 1; i >= 0; i--) {
            if (utf8[i] == '@') {
                return i;
            }
        }
        throw new IllegalArgumentException("not the bytes of a validated address: no '@'");
    }

    /** Parses and validates a bare address such as alice@example.com; throws InvalidMessageException saying why not. */
    public static EmailAddress parse(String raw) {
        return MailboxSyntax.parse(raw);
    }

    /** The null reverse-path "&lt;&gt;" (RFC 5321 §4.5.5), used for bounces; address() is "". */
    public static EmailAddress nullSender() {
        return NULL_SENDER;
    }

    /** The address without angle brackets, e.g. "alice@example.com"; "" for the null sender. */
    public String address() {
        return address;
    }

    public String localPart() {
        return localPart;
    }

    /** The domain as given; an internationalised domain keeps its UTF-8 form. */
    public String domain() {
        return domain;
    }

    /** Any non-ASCII character: MAIL FROM needs the SMTPUTF8 parameter (RFC 6531 §3.4). */
    public boolean needsSmtpUtf8() {
        return needsSmtpUtf8;
    }

    public boolean isNullSender() {
        return address.isEmpty();
    }

    /** The UTF-8 bytes of {@link #address()}, cached; shared, so do not modify them. */
    public byte[] utf8Bytes() {
        return utf8Bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmailAddress other
                && localPart.equals(other.localPart)
                && domainKey.equals(other.domainKey);
    }

    @Override
    public int hashCode() {
        return 31 * localPart.hashCode() + domainKey.hashCode();
    }

    /** In angle brackets, as on the wire, so the null sender shows as "&lt;&gt;". */
    @Override
    public String toString() {
        return '<' + address + '>';
    }
}
