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
 * @param salt            when not 0, the Message-ID's random part is derived from it and the
 *                        sequence, so rendering the same row again gives the same Message-ID (a
 *                        spooled campaign re-rendered after a restart); 0: truly random
 */
public record RenderContext(String campaignId, long sequence, Instant now, String unsubscribeBase, long salt) {
    public RenderContext {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(now, "now");
    }

    public RenderContext(String campaignId, long sequence, Instant now, String unsubscribeBase) {
        this(campaignId, sequence, now, unsubscribeBase, 0);
    }

    public RenderContext(String campaignId, long sequence, Instant now) {
        this(campaignId, sequence, now, null, 0);
    }

    /** The last Date text made, by instant: a campaign keeps one {@code now}, so this formats it once. */
    private static volatile FormattedDate lastDate = new FormattedDate(Instant.EPOCH, Rendering.RFC5322_DATE.format(Instant.EPOCH));

    private record FormattedDate(Instant at, String text) {}

    /** {@code now} as an RFC 5322 date-time (the Date: header and {{date}}). */
    public String date() {
        FormattedDate d = lastDate;
        if (!d.at.equals(now)) {
            d = new FormattedDate(now, Rendering.RFC5322_DATE.format(now));
            lastDate = d;
        }
        return d.text;
    }

    /** The same context for the recipient numbered sequence. */
    public RenderContext withSequence(long sequence) {
        return new RenderContext(campaignId, sequence, now, unsubscribeBase, salt);
    }

    /** The same context with Message-IDs derived from {@code salt} (see the component). */
    public RenderContext withSalt(long salt) {
        return new RenderContext(campaignId, sequence, now, unsubscribeBase, salt);
    }
}
