package dev.salvo.campaign;

/**
 * A recipients row that was not used, and why.
 *
 * @param line the 1-based line of the file where the row starts
 * @param raw  the row's values joined with commas (the CSV parser does not keep the original text)
 */
public record BadRow(long line, String reason, String raw) {}
