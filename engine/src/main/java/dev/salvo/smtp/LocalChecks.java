package dev.salvo.smtp;

/**
 * What we can tell before sending that the server would have to refuse, answered as a local reply
 * so the user sees why instead of a bare 5xx later.
 */
final class LocalChecks {
    private LocalChecks() {}

    /** The local refusal of this transaction on a server with these capabilities, or null when it can go. */
    static SmtpReply refusal(TransactionState tx, EhloCapabilities caps) {
        int size = tx.content().size();
        if (caps.sizeLimit() > 0 && size > caps.sizeLimit()) {
            return SmtpReply.local(552, "5.3.4", "the message is " + size + " bytes and the server's SIZE limit is "
                    + caps.sizeLimit() + " bytes (RFC 1870)");
        }
        if (tx.content().has8BitContent() && !caps.eightBitMime()) {
            return SmtpReply.local(554, "5.6.3", "the message has 8-bit content and the server does not offer 8BITMIME"
                    + " (RFC 6152); encode the body as quoted-printable or base64, or use a relay that offers 8BITMIME");
        }
        if (tx.needsSmtpUtf8() && !caps.smtpUtf8()) {
            return SmtpReply.local(553, "5.6.7", "the envelope or the headers use UTF-8 and the server does not offer"
                    + " SMTPUTF8 (RFC 6531); use ASCII addresses or a relay that offers SMTPUTF8");
        }
        return null;
    }
}
