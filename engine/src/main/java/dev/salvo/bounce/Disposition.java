package dev.salvo.bounce;

import java.util.Locale;

/** What Salvo does after a refusal, whatever its reply code said. */
public enum Disposition {
    /** Final: the recipient bounces; when the class is about the address, it is suppressed. */
    HARD,
    /** Retry on the retry schedule until the maximum age. */
    SOFT,
    /** The receiver is refusing the sender, not the recipient: slow the destination (backoff) and retry. */
    BLOCK;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    /** "hard", "soft", "block" in any case; null when unknown. */
    public static Disposition parse(String s) {
        for (Disposition d : values()) {
            if (d.wireName.equalsIgnoreCase(s.trim())) {
                return d;
            }
        }
        return null;
    }
}
