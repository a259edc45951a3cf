package dev.salvo.message;

import java.nio.charset.StandardCharsets;

/**
 * Checks raw message bytes against RFC 5322 in one pass over the lines and records what the
 * envelope needs to know: 8-bit octets (BODY=8BITMIME), UTF-8 headers (SMTPUTF8) and the
 * Message-ID. Line ends are recognised exactly as {@link BodyEncoding} normalises them (CRLF,
 * bare CR, bare LF), so the line numbers in errors match what an editor shows.
 */
final class MessageSyntax {
    /** RFC 5322 §2.1.1: lines must be no more than 998 characters, excluding the CRLF. */
    static final int MAX_LINE_OCTETS = 998;

    private static final byte[] FROM = "from".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE_ID = "message-id".getBytes(StandardCharsets.US_ASCII);

    final boolean eightBit;
    final boolean headersUtf8;
    final String messageId;

    MessageSyntax(boolean eightBit, boolean headersUtf8, String messageId) {
        this.eightBit = eightBit;
        this.headersUtf8 = headersUtf8;
        this.messageId = messageId;
    }

    static MessageSyntax check(byte[] raw) {
        final int n = raw.length;
        boolean eightBit = false;
        boolean headersUtf8 = false;
        boolean inHeaders = true;
        boolean sawFrom = false;
        boolean inMessageId = false;
        StringBuilder messageId = null;
        int line = 0;
        int pos = 0;
        while (pos < n) {
            line++;
            int eol = pos;
            boolean lineEightBit = false;
            for (; eol < n; eol++) {
                byte b = raw[eol];
                if (b == '\r' || b == '\n') {
                    break;
                }
                if (b == 0) {
                    throw new InvalidMessageException("line " + line + " contains a NUL byte, which RFC 5322 §2.3 "
                            + "forbids; is this a binary file? Attach binary data with a MIME transfer encoding");
                }
                lineEightBit |= b < 0;
            }
            if (eol - pos > MAX_LINE_OCTETS) {
                throw new InvalidMessageException("line " + line + " is " + (eol - pos) + " octets long; RFC 5322 "
                        + "§2.1.1 allows at most " + MAX_LINE_OCTETS + " plus CRLF. Wrap the line or use a "
                        + "transfer encoding such as quoted-printable or base64");
            }
            eightBit |= lineEightBit;
            if (inHeaders) {
                headersUtf8 |= lineEightBit;
                if (eol == pos) {
                    if (line == 1) {
                        throw notAMessage("line 1 is empty; a message starts with header fields such as 'From: ...'");
                    }
                    inHeaders = false; // RFC 5322 §2.1: an empty line separates the header section from the body
                } else if (raw[pos] == ' ' || raw[pos] == '\t') {
                    // RFC 5322 §2.2.3: a line starting with WSP continues the field above it (folding).
                    if (line == 1) {
                        throw notAMessage("line 1 starts with whitespace; a message starts with a header field "
                                + "such as 'From: ...'");
                    }
                    if (inMessageId) {
                        messageId.append(new String(raw, pos, eol - pos, StandardCharsets.UTF_8));
                    }
                } else {
                    int colon = fieldColon(raw, pos, eol);
                    if (colon < 0) {
                        throw noFieldName(raw, pos, eol, line);
                    }
                    sawFrom |= nameIs(raw, pos, colon, FROM);
                    inMessageId = messageId == null && nameIs(raw, pos, colon, MESSAGE_ID);
                    if (inMessageId) {
                        messageId = new StringBuilder(
                                new String(raw, colon + 1, eol - colon - 1, StandardCharsets.UTF_8));
                    }
                }
            }
            pos = eol;
            if (pos < n) {
                pos += raw[pos] == '\r' && pos + 1 < n && raw[pos + 1] == '\n' ? 2 : 1;
            }
        }
        if (line == 0) {
            throw new InvalidMessageException("message is empty; it needs at least a header section with a From: field");
        }
        if (!sawFrom) {
            throw new InvalidMessageException("message has no From: header field, which RFC 5322 §3.6 requires; "
                    + "add a line such as 'From: Alice <alice@example.com>' to the header section");
        }
        return new MessageSyntax(eightBit, headersUtf8, messageId == null ? null : unbracket(messageId));
    }

    /**
     * The index of the colon that ends a field name at pos, or -1. RFC 5322 §2.2: the name is
     * printable US-ASCII (33..126) except ':'; §4.5 (obs-optional) allows whitespace before the
     * colon, which a parser must accept.
     */
    private static int fieldColon(byte[] raw, int pos, int eol) {
        int i = pos;
        while (i < eol && raw[i] >= 33 && raw[i] <= 126 && raw[i] != ':') {
            i++;
        }
        if (i == pos) {
            return -1;
        }
        while (i < eol && (raw[i] == ' ' || raw[i] == '\t')) {
            i++;
        }
        return i < eol && raw[i] == ':' ? i : -1;
    }

    /** Case-insensitive (RFC 5322 §1.2.2) comparison of the field name at pos with a lower-case name. */
    private static boolean nameIs(byte[] raw, int pos, int colon, byte[] lowerName) {
        int end = colon;
        while (end > pos && (raw[end - 1] == ' ' || raw[end - 1] == '\t')) {
            end--;
        }
        if (end - pos != lowerName.length) {
            return false;
        }
        for (int i = 0; i < lowerName.length; i++) {
            int b = raw[pos + i];
            if ((b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5322 §3.6.4: msg-id is "<" id-left "@" id-right ">"; callers want the part inside. */
    private static String unbracket(CharSequence value) {
        String id = value.toString().strip();
        if (id.startsWith("<")) {
            int close = id.indexOf('>');
            id = close > 0 ? id.substring(1, close) : id.substring(1);
        }
        id = id.strip();
        return id.isEmpty() ? null : id;
    }

    private static InvalidMessageException noFieldName(byte[] raw, int pos, int eol, int line) {
        if (line > 1) {
            return new InvalidMessageException("line " + line + " in the header section is not a header field "
                    + "('Name: value') nor a continuation (starting with a space or tab); put an empty line "
                    + "between the header section and the body");
        }
        String start = new String(raw, pos, Math.min(eol - pos, 40), StandardCharsets.ISO_8859_1);
        String hint = "";
        if (start.startsWith("\u00ef\u00bb\u00bf")) {
            hint = "; the file starts with a UTF-8 byte-order mark: save it without one";
        } else if (start.startsWith("%PDF")) {
            hint = "; this looks like a PDF file";
        } else if (start.startsWith("From ")) {
            hint = "; this looks like an mbox file: remove the 'From ' separator line";
        } else if (start.startsWith("PK")) {
            hint = "; this looks like a ZIP or Office file";
        }
        return notAMessage("line 1 has no header field name (expected 'Name: value'), it starts "
                + InvalidMessageException.quote(start) + hint);
    }

    private static InvalidMessageException notAMessage(String why) {
        return new InvalidMessageException("not an RFC 5322 message: " + why);
    }
}
