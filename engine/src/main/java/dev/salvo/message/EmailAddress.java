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
        this.localPart = localPart;
        this.domain = domain;
        this.address = localPart.isEmpty() ? "" : localPart + '@' + domain;
        this.needsSmtpUtf8 = needsSmtpUtf8;
        this.utf8Bytes = address.getBytes(StandardCharsets.UTF_8);
        this.domainKey = domain.toLowerCase(Locale.ROOT);
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
