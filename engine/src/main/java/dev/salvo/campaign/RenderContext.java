package dev.salvo.campaign;

import java.time.Instant;
import java.util.Objects;

/**
 * What a rendering needs besides the recipient.
 *
 * @param campaignId      goes into Message-IDs and {{campaign}}
 * @param sequence        the recipient's number in the campaign; makes Message-IDs unique
 * @param now             the Date: header and {{date}}
 * @param unsubscribeBase base URL for {{unsubscribe_url}} when the list has no unsubscribe_url
 *                        column, or null; the campaign and recipient are appended as query
 *                        parameters
 */
public record RenderContext(String campaignId, long sequence, Instant now, String unsubscribeBase) {
    public RenderContext {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(now, "now");
    }

    public RenderContext(String campaignId, long sequence, Instant now) {
        this(campaignId, sequence, now, null);
    }

    /** The same context for the recipient numbered sequence. */
    public RenderContext withSequence(long sequence) {
        return new RenderContext(campaignId, sequence, now, unsubscribeBase);
    }
}
