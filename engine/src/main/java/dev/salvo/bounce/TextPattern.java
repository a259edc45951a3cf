package dev.salvo.bounce;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A case-insensitive test on a reply's text. Most rules name plain phrases, which the classifier
 * finds all at once (no regex engine, no allocation); a real regular expression keeps one
 * {@link Matcher} per thread, reset for each text, so steady-state classification allocates
 * nothing either way.
 */
public abstract sealed class TextPattern permits TextPattern.Literal, TextPattern.Regex {
    private static final String REGEX_CHARS = "\\^$.|?*+()[]{}";

    /**
     * A phrase when the text has no regex metacharacter, or a set of phrases when it is only an
     * alternation of them ("(a|b|c)", with metacharacters escaped by a backslash); else a compiled
     * regex (which may throw PatternSyntaxException).
     */
    public static TextPattern of(String text) {
        List<String> phrases = alternatives(text);
        if (phrases != null) {
            return new Literal(phrases, text);
        }
        return new Regex(Pattern.compile(text, Pattern.CASE_INSENSITIVE));
    }

    /** The phrases of "a|b", "(a|b)" or "a\\.b"; null when the text uses any other regex construct. */
    static List<String> alternatives(String text) {
        String t = text;
        if (t.length() >= 2 && t.charAt(0) == '(' && t.charAt(t.length() - 1) == ')') {
            t = t.substring(1, t.length() - 1);
        }
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\\') {
                if (i + 1 >= t.length() || REGEX_CHARS.indexOf(t.charAt(i + 1)) < 0) {
                    return null; // \d, \b and the like are real regex
                }
                cur.append(t.charAt(++i));
            } else if (c == '|') {
                if (cur.length() == 0) {
                    return null;
                }
                out.add(cur.toString());
                cur.setLength(0);
            } else if (REGEX_CHARS.indexOf(c) >= 0) {
                return null;
            } else {
                cur.append(c);
            }
        }
        if (cur.length() == 0) {
            return null;
        }
        out.add(cur.toString());
        return List.copyOf(out);
    }

    /** True when the pattern occurs anywhere in the text (a regex "find", not a whole match). */
    public abstract boolean foundIn(String text);

    /** The pattern as written. */
    public abstract String source();

    /** One or more plain phrases; the {@link Classifier} finds them all in one pass with a {@link PhraseSet}. */
    static final class Literal extends TextPattern {
        private final List<String> phrases;
        private final String source;

        Literal(List<String> phrases, String source) {
            this.phrases = phrases;
            this.source = source;
        }

        List<String> phrases() {
            return phrases;
        }

        @Override
        public boolean foundIn(String text) {
            for (String phrase : phrases) {
                int n = phrase.length();
                for (int i = 0, last = text.length() - n; i <= last; i++) {
                    if (text.regionMatches(true, i, phrase, 0, n)) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public String source() {
            return source;
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
