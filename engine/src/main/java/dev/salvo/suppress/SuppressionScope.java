package dev.salvo.suppress;

import java.util.Locale;

/**
 * Where a hard bounce is recorded. GLOBAL by default: a mailbox that does not exist does not exist
 * for any sender. SENDER_DOMAIN keeps each sending domain's list apart, for a platform that sends
 * for many customers and must not let one customer's bounces stop another's mail.
 */
public enum SuppressionScope {
    GLOBAL, SENDER_DOMAIN;

    /** The entry scope for mail from this sending domain. */
    public String scopeFor(String senderDomain) {
        return this == GLOBAL || senderDomain == null ? SuppressionList.GLOBAL : senderDomain.toLowerCase(Locale.ROOT);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** "global" or "sender-domain"; null when neither. */
    public static SuppressionScope parse(String s) {
        for (SuppressionScope v : values()) {
            if (v.wireName().equalsIgnoreCase(s.trim())) {
                return v;
            }
        }
        return null;
    }
}
