package dev.salvo.api;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.DsnOptions;
import java.util.List;
import java.util.Objects;

/**
 * One message for many recipients. The engine takes its own reference to {@code content} when it
 * accepts the submission and releases it when the last recipient has a final outcome; the caller
 * keeps and releases its own.
 *
 * @param campaignId groups submissions in events and summaries, or null
 * @param campaignRowsDone with a spool and a campaign id: how many rows of the campaign's list are
 *     taken once this submission is stored. The spool records it in the same batch, and a campaign
 *     run again after a crash starts after that row ({@code SalvoEngine.campaignRowsDone}). -1: none.
 */
public record Submission(EmailAddress sender, List<EmailAddress> recipients, MessageContent content, String campaignId,
        DsnOptions dsn, long campaignRowsDone) {
    public Submission {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(dsn, "dsn");
        recipients = List.copyOf(recipients);
    }

    public Submission(EmailAddress sender, List<EmailAddress> recipients, MessageContent content, String campaignId,
            DsnOptions dsn) {
        this(sender, recipients, content, campaignId, dsn, -1);
    }

    public Submission(EmailAddress sender, List<EmailAddress> recipients, MessageContent content) {
        this(sender, recipients, content, null, DsnOptions.NONE, -1);
    }
}
