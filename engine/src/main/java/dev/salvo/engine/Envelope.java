package dev.salvo.engine;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.DsnOptions;
import dev.salvo.spool.ContentId;

/**
 * What the recipients of one submission share: sender, content and options. The engine holds one
 * reference to the content for the whole envelope and releases it when the last recipient is
 * final. Confined to the dispatch thread after submission.
 */
final class Envelope {
    final EmailAddress sender;
    final MessageContent content;
    final String messageId;
    final String campaignId;
    final DsnOptions dsn;
    /** When the engine accepted the submission, on its clock: every recipient's maximum age starts here. */
    final long firstSeen;
    /** Its key in the spool, or null when the engine runs without one. */
    final ContentId contentId;
    /** The spool sequence of its first recipient (a campaign row's number; 0 for a plain submission). */
    final int firstSequence;
    /** A campaign row's merge fields, kept so spool updates can rewrite its record; else null. */
    final byte[] fields;
    /** Recipients not yet final. */
    private int pending;

    Envelope(EmailAddress sender, MessageContent content, String campaignId, DsnOptions dsn, int recipients, long firstSeen) {
        this(sender, content, campaignId, dsn, recipients, firstSeen, null);
    }

    Envelope(EmailAddress sender, MessageContent content, String campaignId, DsnOptions dsn, int recipients, long firstSeen,
            ContentId contentId) {
        this(sender, content, campaignId, dsn, recipients, firstSeen, contentId, 0, null);
    }

    Envelope(EmailAddress sender, MessageContent content, String campaignId, DsnOptions dsn, int recipients, long firstSeen,
            ContentId contentId, int firstSequence, byte[] fields) {
        this.contentId = contentId;
        this.firstSequence = firstSequence;
        this.fields = fields;
        this.firstSeen = firstSeen;
        this.sender = sender;
        this.content = content;
        this.messageId = content.messageIdHeader();
        this.campaignId = campaignId;
        this.dsn = dsn;
        this.pending = recipients;
    }

    /** One more recipient, found in the spool at start. */
    void recipientAdded() {
        pending++;
    }

    /** One recipient is final; the last one releases the content. */
    void recipientDone() {
        if (--pending == 0) {
            content.release();
        }
    }
}
