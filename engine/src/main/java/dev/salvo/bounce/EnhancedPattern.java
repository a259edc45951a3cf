package dev.salvo.bounce;

/**
 * An RFC 3463 enhanced status code pattern: "5.1.1", "5.7.*", "*.7.26", "4.7.5*" (detail 5, 50-59
 * or 500-599: Microsoft numbers its throttling codes in ranges), or "*" for any. A part of -1
 * matches anything. A pattern other than "*" never matches a reply without an enhanced code.
 *
 * @param detailPrefix when true, {@code detail} matches any detail whose decimal digits start with it
 */
public record EnhancedPattern(int statusClass, int subject, int detail, boolean detailPrefix) {
    public static final EnhancedPattern ANY = new EnhancedPattern(-1, -1, -1, false);

    /** Parses a pattern; null when it is not three dot-separated numbers or '*'. */
    public static EnhancedPattern parse(String text) {
        String t = text.trim();
        if (t.equals("*")) {
            return ANY;
        }
        String[] parts = t.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        boolean prefix = parts[2].length() > 1 && parts[2].endsWith("*");
        if (prefix) {
            parts[2] = parts[2].substring(0, parts[2].length() - 1);
        }
        int[] v = new int[3];
        for (int i = 0; i < 3; i++) {
            if (parts[i].equals("*") && !(prefix && i == 2)) {
                v[i] = -1;
            } else if (parts[i].matches("\\d{1,3}")) {
                v[i] = Integer.parseInt(parts[i]);
            } else {
                return null;
            }
        }
        if (v[0] != -1 && (v[0] < 2 || v[0] > 5)) {
            return null;
        }
        return new EnhancedPattern(v[0], v[1], v[2], prefix);
    }

    /** @param statusClass the reply's class, or -1 when it had no enhanced code */
    public boolean matches(int statusClass, int subject, int detail) {
        if (this.statusClass < 0 && this.subject < 0 && this.detail < 0) {
            return true;
        }
        return statusClass >= 0
                && (this.statusClass < 0 || this.statusClass == statusClass)
                && (this.subject < 0 || this.subject == subject)
                && (this.detail < 0 || detailMatches(detail));
    }

    private boolean detailMatches(int d) {
        if (!detailPrefix) {
            return this.detail == d;
        }
        // Drop trailing digits until the number is as short as the prefix: 650 → 65 → 6.
        for (int x = d; ; x /= 10) {
            if (x == this.detail) {
                return true;
            }
            if (x < 10) {
                return false;
            }
        }
    }
}
