package dev.salvo.bounce;

/**
 * An SMTP reply code pattern: "550" (that code), "55x" (550 to 559) or "5xx" (500 to 599).
 *
 * @param low first code matched
 * @param high last code matched
 */
public record CodePattern(int low, int high) {
    public static final CodePattern ANY = new CodePattern(200, 599);

    /** Parses a pattern; null when the text is none of the three forms. */
    public static CodePattern parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.length() != 3 || t.charAt(0) < '2' || t.charAt(0) > '5') {
            return null;
        }
        int first = t.charAt(0) - '0';
        if (t.charAt(1) == 'x') {
            return t.charAt(2) == 'x' ? new CodePattern(first * 100, first * 100 + 99) : null;
        }
        if (!Character.isDigit(t.charAt(1))) {
            return null;
        }
        int firstTwo = first * 10 + (t.charAt(1) - '0');
        if (t.charAt(2) == 'x') {
            return new CodePattern(firstTwo * 10, firstTwo * 10 + 9);
        }
        return Character.isDigit(t.charAt(2)) ? new CodePattern(firstTwo * 10 + t.charAt(2) - '0', firstTwo * 10 + t.charAt(2) - '0') : null;
    }

    public boolean matches(int code) {
        return code >= low && code <= high;
    }
}
