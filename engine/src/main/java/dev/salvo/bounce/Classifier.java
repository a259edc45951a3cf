package dev.salvo.bounce;

import dev.salvo.smtp.SmtpReply;
import java.util.ArrayList;
import java.util.List;

/**
 * Classifies SMTP replies by the bounce rules: the first rule that matches wins; a reply no rule
 * knows is {@link BounceClass#UNCATEGORIZED}, hard when its code is 5xx and soft when 4xx (an
 * MTA's reading of RFC 5321 §4.2.1).
 *
 * <p>Rules are indexed by reply code once, at construction, so a reply is only tested against the
 * rules that can match its code, in file order; each rule tests its codes before its text.
 * Classifying allocates nothing (rules hold their result, literal phrases are scanned in place,
 * regexes reuse a per-thread matcher). Thread-safe once built.
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
    private final BounceRule[][] byCode = new BounceRule[LAST_CODE - FIRST_CODE + 1][];

    public Classifier(List<BounceRule> rules) {
        this.rules = List.copyOf(rules);
        for (int code = FIRST_CODE; code <= LAST_CODE; code++) {
            List<BounceRule> fit = new ArrayList<>();
            for (BounceRule r : this.rules) {
                if (r.code().matches(code)) {
                    fit.add(r);
                }
            }
            byCode[code - FIRST_CODE] = fit.toArray(new BounceRule[0]);
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
            for (BounceRule r : byCode[code - FIRST_CODE]) {
                if (r.matches(code, statusClass, subject, detail, text)) {
                    return r.result();
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
