package dev.salvo.smtp;

import java.util.List;
import java.util.Objects;

/**
 * One SMTP reply (RFC 5321 §4.2): a three-digit code, the RFC 3463 enhanced status code when the
 * server sent one, and the text of each line with the code (and enhanced code) stripped.
 *
 * <p>A reply is a value and an outcome, never an exception. Replies that Salvo makes up itself (a
 * lost connection, a local refusal such as a message too big for the server's SIZE) are marked
 * {@link #synthetic()} so events can tell them from what the server said.
 */
public final class SmtpReply {
    /** Absent enhanced code. */
    private static final int NONE = -1;

    private final int code;
    private final int enhancedClass;
    private final int enhancedSubject;
    private final int enhancedDetail;
    private final List<String> lines;
    private final boolean synthetic;
    private String enhancedText;
    /** The lines joined, made once: replies are interned, so the bounce rules read the same text again and again. */
    private String joined;

    SmtpReply(int code, int enhancedClass, int enhancedSubject, int enhancedDetail, List<String> lines, boolean synthetic) {
        this.code = code;
        this.enhancedClass = enhancedClass;
        this.enhancedSubject = enhancedSubject;
        this.enhancedDetail = enhancedDetail;
        this.lines = List.copyOf(lines);
        this.synthetic = synthetic;
    }

    /** A reply Salvo made itself, e.g. {@code local(421, "4.4.2", "connection lost")}. */
    public static SmtpReply local(int code, String enhanced, String text) {
        int[] e = parseEnhanced(enhanced);
        return new SmtpReply(code, e[0], e[1], e[2], List.of(text), true);
    }

    public int code() {
        return code;
    }

    /** 2xx. */
    public boolean isPositive() {
        return code >= 200 && code < 300;
    }

    /** 3xx: the server waits for more (354 after DATA, 334 during AUTH). */
    public boolean isIntermediate() {
        return code >= 300 && code < 400;
    }

    /** 4xx: try again later (RFC 5321 §4.2.1). */
    public boolean isTransient() {
        return code >= 400 && code < 500;
    }

    /** 5xx: do not retry this as it is. */
    public boolean isPermanent() {
        return code >= 500;
    }

    public boolean hasEnhancedCode() {
        return enhancedClass != NONE;
    }

    /** The enhanced status code as text ("5.1.1"), or null when the reply had none. */
    public String enhancedCode() {
        if (enhancedClass == NONE) {
            return null;
        }
        String e = enhancedText;
        if (e == null) {
            e = enhancedClass + "." + enhancedSubject + "." + enhancedDetail;
            enhancedText = e;
        }
        return e;
    }

    public int enhancedClass() {
        return enhancedClass;
    }

    public int enhancedSubject() {
        return enhancedSubject;
    }

    public int enhancedDetail() {
        return enhancedDetail;
    }

    /** The text of each line, without code and enhanced code. */
    public List<String> lines() {
        return lines;
    }

    /** All lines joined with a space: what events and summaries show. */
    public String text() {
        if (lines.size() == 1) {
            return lines.get(0);
        }
        String t = joined;
        if (t == null) {
            t = String.join(" ", lines);
            joined = t; // a benign race: every thread computes the same string
        }
        return t;
    }

    public boolean synthetic() {
        return synthetic;
    }

    /** The reply as a server would print its last line: "550 5.1.1 text". */
    @Override
    public String toString() {
        String e = enhancedCode();
        return code + (e == null ? "" : " " + e) + (lines.isEmpty() ? "" : " " + text());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmtpReply r
                && r.code == code
                && r.enhancedClass == enhancedClass
                && r.enhancedSubject == enhancedSubject
                && r.enhancedDetail == enhancedDetail
                && r.synthetic == synthetic
                && r.lines.equals(lines);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, enhancedClass, enhancedSubject, enhancedDetail, lines);
    }

    private static int[] parseEnhanced(String enhanced) {
        if (enhanced == null) {
            return new int[] {NONE, NONE, NONE};
        }
        String[] p = enhanced.split("\\.", -1);
        if (p.length != 3) {
            throw new IllegalArgumentException("enhanced status code must be class.subject.detail: " + enhanced);
        }
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }
}
