package dev.salvo.smtp;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import java.util.List;
import java.util.Objects;

/**
 * One SMTP mail transaction (RFC 5321 §3.3): an envelope and the content it carries. The
 * transaction does not own {@code content}: the caller keeps its reference and releases it when
 * every transaction that uses it has completed.
 */
public record Transaction(EmailAddress sender, List<EmailAddress> recipients, MessageContent content, DsnOptions dsn) {
    /** RFC 5321 §4.5.3.1.8 asks servers to take at least 100 recipients per transaction. */
    public static final int MAX_RECIPIENTS = 1000;

    public Transaction {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(dsn, "dsn");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a transaction needs at least one recipient");
        }
        if (recipients.size() > MAX_RECIPIENTS) {
            throw new IllegalArgumentException("a transaction takes at most " + MAX_RECIPIENTS + " recipients, got " + recipients.size());
        }
    }

    public Transaction(EmailAddress sender, List<EmailAddress> recipients, MessageContent content) {
        this(sender, recipients, content, DsnOptions.NONE);
    }

    /** True when any address or the header section needs SMTPUTF8 (RFC 6531 §3.4). */
    public boolean needsSmtpUtf8() {
        if (sender.needsSmtpUtf8() || content.headersNeedSmtpUtf8()) {
            return true;
        }
        for (EmailAddress r : recipients) {
            if (r.needsSmtpUtf8()) {
                return true;
            }
        }
        return false;
    }
}
