package dev.salvo.bounce.report;

import java.util.Locale;

/**
 * What a report says about one recipient (RFC 3464 §2.3), from a standard DSN or read out of a
 * free-text bounce.
 *
 * @param finalRecipient the address the reporting MTA tried (Final-Recipient), or null
 * @param originalRecipient the address as first given (Original-Recipient, from ORCPT), or null
 * @param action what happened
 * @param status the RFC 3463 status code, e.g. "5.1.1"; null when the report gives none
 * @param diagnostic the remote server's reply or other detail (Diagnostic-Code without its type), or null
 * @param remoteMta the server that gave the reply (Remote-MTA without its type), or null
 * @param smtpCode the SMTP reply code found in the diagnostic (550), or null
 */
public record RecipientStatus(String finalRecipient, String originalRecipient, Action action, String status,
        String diagnostic, String remoteMta, Integer smtpCode) {

    /** RFC 3464 §2.3.3. */
    public enum Action {
        FAILED, DELAYED, DELIVERED, RELAYED, EXPANDED;

        static Action parse(String s) {
            if (s == null) {
                return null;
            }
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /**
     * A permanent failure: the recipient failed and the status is 5.x.x (RFC 3463 §3.1, class 5),
     * or, without a status, the SMTP code is 5xx. A failed action with no code at all counts as
     * permanent too, as RFC 3464 §2.3.3 defines "failed" as "could not be delivered".
     */
    public boolean permanent() {
        if (action != Action.FAILED) {
            return false;
        }
        if (status != null) {
            return status.startsWith("5");
        }
        return smtpCode == null || smtpCode >= 500;
    }

    /** The address to act on: the original recipient when the report has it, else the final one. */
    public String address() {
        return originalRecipient != null ? originalRecipient : finalRecipient;
    }
}
