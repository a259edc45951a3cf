package dev.salvo.smtp.server;

import java.util.regex.Pattern;

/** Small pieces of RFC 5321 argument syntax shared by the command parsers; no per-call regex compiles. */
final class EsmtpSyntax {
    private static final Pattern SPACES = Pattern.compile(" +");
    private static final String[] NONE = new String[0];

    private EsmtpSyntax() {}

    /** The space-separated words of {@code args}, none for a blank string. */
    static String[] words(String args) {
        String trimmed = args.trim();
        return trimmed.isEmpty() ? NONE : SPACES.split(trimmed);
    }

    /** 1 to 18 ASCII digits: a size that fits a long (RFC 1870 §3, RFC 3030 §2). */
    static boolean isSize(String s) {
        if (s == null || s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
