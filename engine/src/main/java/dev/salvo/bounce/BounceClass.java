package dev.salvo.bounce;

import java.util.Locale;

/**
 * What a refusal says, in a fixed catalogue (after KumoMTA's bounce classes). The set is closed on
 * purpose: the class is a metrics label, so its cardinality must stay bounded whatever a rules file
 * says. {@link #wireName()} is what events, metrics and rules files use.
 */
public enum BounceClass {
    /** The mailbox does not exist (5.1.1 and its many wordings). */
    INVALID_RECIPIENT(true),
    /** The recipient's domain does not exist, has a null MX, or cannot be routed to. */
    BAD_DOMAIN(true),
    /** The mailbox exists but is disabled, suspended or moved. */
    INACTIVE_MAILBOX(true),
    /** The mailbox is full. */
    QUOTA_ISSUES(false),
    /** The receiver says the sender is going too fast (Gmail 4.7.28, Microsoft 4.7.650, QQ "frequency limited"). */
    RATE_LIMITED(false),
    /** The sending IP or domain is blocked for reputation: a DNSBL listing, a provider's own block list. */
    SPAM_BLOCK(false),
    /** This message was refused as spam or for dangerous content. */
    SPAM_CONTENT(false),
    /** A local policy refused it: relaying denied, sender rejected, size, a provider's rule. */
    POLICY_RELATED(false),
    /** SPF, DKIM or DMARC failed, or the sender is not authenticated (Gmail 5.7.26). */
    AUTH_FAILURE(false),
    /** A temporary problem on the receiving side (4.3.x, "try again later"), greylisting included. */
    TRANSIENT_FAILURE(false),
    /** The connection failed, timed out or was lost. */
    NO_ANSWER_FROM_HOST(false),
    /** A command or the message was malformed for the receiver (5.5.x, 5.6.x). */
    PROTOCOL_ERROR(false),
    /** Not delivered within the maximum age. */
    MESSAGE_EXPIRED(false),
    /** No rule knew the reply. */
    UNCATEGORIZED(false);

    private final String wireName = name().toLowerCase(Locale.ROOT).replace('_', '-');
    private final boolean aboutTheAddress;

    BounceClass(boolean aboutTheAddress) {
        this.aboutTheAddress = aboutTheAddress;
    }

    /** "invalid-recipient". */
    public String wireName() {
        return wireName;
    }

    /**
     * Whether a hard refusal of this class says the address itself is bad, and so belongs on the
     * suppression list. A hard refusal for content, policy or authentication ends that message but
     * says nothing about the address: suppressing it would silence a good reader because the sender
     * misconfigured DKIM.
     */
    public boolean aboutTheAddress() {
        return aboutTheAddress;
    }

    /** Parses "invalid-recipient", "InvalidRecipient" or "INVALID_RECIPIENT"; null when unknown. */
    public static BounceClass parse(String s) {
        String flat = s.trim().replace("-", "").replace("_", "");
        for (BounceClass c : values()) {
            if (c.name().replace("_", "").equalsIgnoreCase(flat)) {
                return c;
            }
        }
        return null;
    }
}
