package dev.salvo.bounce;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A case-insensitive test on a reply's text. Most rules name a plain phrase, which is matched by a
 * region scan (no regex engine, no allocation); a real regular expression keeps one {@link Matcher}
 * per thread, reset for each text, so steady-state classification allocates nothing either way.
 */
public abstract sealed class TextPattern permits TextPattern.Literal, TextPattern.Regex {
    private static final String REGEX_CHARS = "\\^$.|?*+()[]{}";

    /** A phrase when the text has no regex metacharacter, else a compiled regex (which may throw PatternSyntaxException). */
    public static TextPattern of(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (REGEX_CHARS.indexOf(text.charAt(i)) >= 0) {
                return new Regex(Pattern.compile(text, Pattern.CASE_INSENSITIVE));
            }
        }
        return new Literal(text);
    }

    /** True when the pattern occurs anywhere in the text (a regex "find", not a whole match). */
    public abstract boolean foundIn(String text);

    /** The pattern as written. */
    public abstract String source();

    static final class Literal extends TextPattern {
        private final String phrase;

        Literal(String phrase) {
            this.phrase = phrase;
        }

        @Override
        public boolean foundIn(String text) {
            int n = phrase.length();
            for (int i = 0, last = text.length() - n; i <= last; i++) {
                if (text.regionMatches(true, i, phrase, 0, n)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String source() {
            return phrase;
        }
    }

    static final class Regex extends TextPattern {
        private final Pattern pattern;
        private final ThreadLocal<Matcher> matchers;

        Regex(Pattern pattern) {
            this.pattern = pattern;
            this.matchers = ThreadLocal.withInitial(() -> pattern.matcher(""));
        }

        @Override
        public boolean foundIn(String text) {
            Matcher m = matchers.get().reset(text);
            boolean found = m.find();
            m.reset(""); // drop the reference to the reply's text
            return found;
        }

        @Override
        public String source() {
            return pattern.pattern();
        }
    }
}
