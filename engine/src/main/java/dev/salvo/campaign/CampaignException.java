package dev.salvo.campaign;

/**
 * A problem with a campaign's input that a person can fix: the message names the file, the line
 * or row, and the field. Thrown at the edge (loading a template, reading the list, rendering a
 * row), never inside the send path.
 */
public final class CampaignException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CampaignException(String message) {
        super(message);
    }

    public CampaignException(String message, Throwable cause) {
        super(message, cause);
    }
}
