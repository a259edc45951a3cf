package dev.salvo.suppress;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One suppressed address.
 *
 * @param scope {@link SuppressionList#GLOBAL} or a sending domain (lower case, e.g. "news.example.com")
 * @param address the recipient, normalised by {@link #normalise}
 * @param reason why it is suppressed
 * @param detail what made it so, for people: the bounce reply, the complaint's feedback type, who added it
 * @param since when it was added
 */
public record Suppression(String scope, String address, Reason reason, String detail, Instant since) {
    public enum Reason {
        HARD_BOUNCE, COMPLAINT, UNSUBSCRIBE, MANUAL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Parses a {@link #wireName()} (or the constant's name), or null. */
        public static Reason parse(String s) {
            for (Reason r : values()) {
                if (r.wireName().equalsIgnoreCase(s) || r.name().equalsIgnoreCase(s)) {
                    return r;
                }
            }
            return null;
        }
    }

    public Suppression {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        detail = detail == null ? "" : detail;
        scope = normaliseScope(scope);
        address = normalise(address);
    }

    /**
     * Suppression matches addresses without regard to case. Local parts are case-sensitive in
     * RFC 5321 in theory, but no large mailbox provider treats them so, and a suppression that
     * misses "Bob@" after "bob@" bounced would mail a dead address again.
     */
    public static String normalise(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }

    public static String normaliseScope(String scope) {
        String s = scope.trim().toLowerCase(Locale.ROOT);
        return s.isEmpty() ? SuppressionList.GLOBAL : s;
    }
}
