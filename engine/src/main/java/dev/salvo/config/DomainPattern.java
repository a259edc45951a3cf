package dev.salvo.config;

import java.util.Locale;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Domain patterns: "*" (any domain), "example.com" (that domain only) and "*.example.com" (any
 * name below example.com at any depth, not example.com itself). Matching ignores case and a
 * trailing dot, as DNS does (RFC 4343).
 */
final class DomainPattern {
    /** Letters, digits, hyphens and underscores (SRV-style labels appear in MX names). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*");

    /** A rollup site: one label, no dots, so it can never be mistaken for a domain pattern. */
    private static final Pattern SITE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private DomainPattern() {}

    static boolean isSiteName(String s) {
        return SITE.matcher(s).matches();
    }

    /** The pattern in canonical form (lower case, no trailing dot), or null when it is not one. */
    static String normalize(String pattern) {
        String p = stripDot(pattern.trim().toLowerCase(Locale.ROOT));
        if (p.equals("*")) {
            return p;
        }
        String name = p.startsWith("*.") ? p.substring(2) : p;
        return NAME.matcher(name).matches() && name.length() <= 253 ? p : null;
    }

    static boolean matches(String pattern, String domain) {
        return specificity(pattern, domain) >= 0;
    }

    /**
     * How closely a canonical pattern fits a domain: -1 for no match, 0 for "*", the suffix length
     * for "*.suffix", and Integer.MAX_VALUE for an exact name; the highest wins.
     */
    static int specificity(String pattern, String domain) {
        String d = stripDot(domain.toLowerCase(Locale.ROOT));
        if (pattern.equals("*")) {
            return 0;
        }
        if (pattern.startsWith("*.")) {
            String suffix = pattern.substring(1);
            return d.length() > suffix.length() && d.endsWith(suffix) ? suffix.length() : -1;
        }
        return pattern.equals(d) ? Integer.MAX_VALUE : -1;
    }

    /** The candidate whose fit is highest, or null when none fits (all -1). */
    static <T> T bestFit(Iterable<T> candidates, ToIntFunction<T> fit) {
        T best = null;
        int bestFit = -1;
        for (T candidate : candidates) {
            int f = fit.applyAsInt(candidate);
            if (f > bestFit) {
                bestFit = f;
                best = candidate;
            }
        }
        return best;
    }

    private static String stripDot(String s) {
        return s.endsWith(".") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
    }
}
