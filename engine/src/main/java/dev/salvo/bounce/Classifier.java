package dev.salvo.bounce;

import dev.salvo.smtp.SmtpReply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Classifies SMTP replies by the bounce rules: the first rule that matches wins; a reply no rule
 * knows is {@link BounceClass#UNCATEGORIZED}, hard when its code is 5xx and soft when 4xx (an
 * MTA's reading of RFC 5321 §4.2.1).
 *
 * <p>Rules are indexed by reply code once, at construction, so a reply is only tested against the
 * rules that can match its code, in file order; each rule tests its enhanced code before its text.
 * The phrases of all rules are found in one pass over the text ({@link PhraseSet}), made when the
 * first phrase rule needs it. Classifying allocates nothing (rules hold their result, the phrase
 * bits and regex matchers are per thread and reused). Thread-safe once built.
 */
public final class Classifier {
    private static final int FIRST_CODE = 200;
    private static final int LAST_CODE = 599;
    /** Unknown permanent replies end the message but suppress nobody: nothing says the address is bad. */
    public static final Classification UNKNOWN_PERMANENT =
            new Classification(BounceClass.UNCATEGORIZED, Disposition.HARD, false, "fallback: unknown 5xx");
    public static final Classification UNKNOWN_TRANSIENT =
            new Classification(BounceClass.UNCATEGORIZED, Disposition.SOFT, false, "fallback: unknown 4xx");

    private final List<BounceRule> rules;
    private final Compiled[][] byCode = new Compiled[LAST_CODE - FIRST_CODE + 1][];
    /** Every phrase of every rule, found in one pass over the text. */
    private final PhraseSet phrases;
    /** Per thread: which phrases the current text holds. */
    private final ThreadLocal<long[]> found;

    /** A rule and, when its text is phrases, their ids in {@link #phrases}. */
    private record Compiled(BounceRule rule, int[] phraseIds) {}

    public Classifier(List<BounceRule> rules) {
        this.rules = List.copyOf(rules);
        List<String> all = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        List<Compiled> compiled = new ArrayList<>();
        for (BounceRule r : this.rules) {
            int[] phraseIds = null;
            if (r.text() instanceof TextPattern.Literal l) {
                phraseIds = l.phrases().stream().mapToInt(p -> ids.computeIfAbsent(PhraseSet.fold(p), k -> {
                    all.add(k);
                    return all.size() - 1;
                })).toArray();
            }
            compiled.add(new Compiled(r, phraseIds));
        }
        this.phrases = new PhraseSet(all);
        int words = Math.max(1, phrases.words());
        this.found = ThreadLocal.withInitial(() -> new long[words]);
        for (int code = FIRST_CODE; code <= LAST_CODE; code++) {
            List<Compiled> fit = new ArrayList<>();
            for (Compiled c : compiled) {
                if (c.rule.code().matches(code)) {
                    fit.add(c);
                }
            }
            byCode[code - FIRST_CODE] = fit.toArray(new Compiled[0]);
        }
    }

    public List<BounceRule> rules() {
        return rules;
    }

    /** A refusal's classification; null for a positive (2xx) or intermediate (3xx) reply. */
    public Classification classify(SmtpReply reply) {
        return classify(reply.code(), reply.enhancedClass(), reply.enhancedSubject(), reply.enhancedDetail(), reply.text());
    }

    /**
     * For a DSN's Status and Diagnostic-Code, or any reply held as text.
     *
     * @param enhanced "5.1.1", or null or empty when there is none (an unparsable one counts as none)
     * @param text the reply text, or null
     */
    public Classification classify(int code, String enhanced, String text) {
        int c = -1;
        int s = -1;
        int d = -1;
        if (enhanced != null) {
            int dot1 = enhanced.indexOf('.');
            int dot2 = dot1 < 0 ? -1 : enhanced.indexOf('.', dot1 + 1);
            if (dot2 > 0) {
                c = number(enhanced, 0, dot1);
                s = number(enhanced, dot1 + 1, dot2);
                d = number(enhanced, dot2 + 1, enhanced.length());
                if (c < 0 || s < 0 || d < 0) {
                    c = s = d = -1;
                }
            }
        }
        return classify(code, c, s, d, text);
    }

    /** @param statusClass the enhanced code's class, or -1 when there is none */
    public Classification classify(int code, int statusClass, int subject, int detail, String text) {
        if (code < 400) {
            return null;
        }
        if (code <= LAST_CODE) {
            long[] bits = null; // the text is scanned once, when a phrase rule's codes first fit
            for (Compiled c : byCode[code - FIRST_CODE]) {
                BounceRule r = c.rule;
                if (!r.enhanced().matches(statusClass, subject, detail)) {
                    continue;
                }
                if (r.text() == null) {
                    return r.result();
                }
                if (text == null) {
                    continue;
                }
                if (c.phraseIds == null) {
                    if (r.text().foundIn(text)) {
                        return r.result();
                    }
                    continue;
                }
                if (bits == null) {
                    bits = found.get();
                    phrases.scan(text, bits);
                }
                for (int id : c.phraseIds) {
                    if ((bits[id >>> 6] & 1L << id) != 0) {
                        return r.result();
                    }
                }
            }
        }
        return code >= 500 ? UNKNOWN_PERMANENT : UNKNOWN_TRANSIENT;
    }

    /** A non-negative decimal of at most three digits, or -1. */
    private static int number(String s, int from, int to) {
        if (to <= from || to - from > 3) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + ch - '0';
        }
        return v;
    }
}
