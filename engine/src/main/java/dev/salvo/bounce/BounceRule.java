package dev.salvo.bounce;

import java.util.Objects;

/**
 * One line of the bounce rules: when a reply's code, enhanced code and text all match, the reply
 * gets this rule's classification. The cheap integer tests run first, so the text is only looked
 * at when the codes already fit.
 *
 * @param code the reply codes it applies to
 * @param enhanced the enhanced codes it applies to ({@link EnhancedPattern#ANY} for any, or none)
 * @param text a phrase or regex the text must contain, case-insensitive; null for any text
 * @param result what a match means; its {@code rule} names where this rule was written
 */
public record BounceRule(CodePattern code, EnhancedPattern enhanced, TextPattern text, Classification result) {
    public BounceRule {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(enhanced, "enhanced");
        Objects.requireNonNull(result, "result");
    }

    /** @param statusClass the enhanced code's class, or -1 when the reply had none */
    public boolean matches(int replyCode, int statusClass, int subject, int detail, String replyText) {
        return code.matches(replyCode)
                && enhanced.matches(statusClass, subject, detail)
                && (text == null || replyText != null && text.foundIn(replyText));
    }
}
