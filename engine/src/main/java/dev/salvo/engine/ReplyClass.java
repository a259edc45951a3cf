package dev.salvo.engine;

import dev.salvo.smtp.SmtpReply;

/**
 * A coarse class for a reply, for the metrics' class label until the bounce rules (issue 5) give
 * finer ones: the RFC 3463 §3 subject of the enhanced status code, else the reply's first digit.
 * A fixed, small set of values, so the label's cardinality stays bounded.
 */
final class ReplyClass {
    private static final String[] SUBJECTS = {"other", "addressing", "mailbox", "mail-system", "network", "protocol",
        "content", "policy"};

    private ReplyClass() {}

    static String of(SmtpReply reply) {
        if (reply == null || reply.isPositive()) {
            return "none";
        }
        if (reply.hasEnhancedCode()) {
            int subject = reply.enhancedSubject();
            return subject >= 0 && subject < SUBJECTS.length ? SUBJECTS[subject] : "other";
        }
        return reply.isPermanent() ? "permanent" : "transient";
    }
}
