package dev.salvo.api;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import java.util.Objects;

/**
 * One recipient of a campaign opened with {@link SalvoEngine#openCampaign}: its rendered message
 * (sent now, kept in memory only) and what renders it again (kept in the spool: the merge fields,
 * not the body). The engine takes its own reference to {@code content}; the caller releases its own.
 *
 * @param row the row's number in the campaign's list, from 1; also the count of rows taken once
 *     this one is stored
 */
public record CampaignRow(String campaignId, EmailAddress recipient, MessageContent content, byte[] fields, int row) {
    public CampaignRow {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(fields, "fields");
        if (row < 1) {
            throw new IllegalArgumentException("rows are numbered from 1, got " + row);
        }
    }
}
