package dev.salvo.campaign;

import dev.salvo.message.EmailAddress;

/**
 * One recipient of a campaign.
 *
 * @param line   the 1-based line of the recipients file where the row starts; errors call it "row"
 * @param values the merge fields, aligned with {@link RecipientCsv#fieldNames()}; the email column
 *               is not among them (it is {@code email}). Shared, not copied: do not modify.
 */
public record RecipientRow(long line, EmailAddress email, String[] values) {}
