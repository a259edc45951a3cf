package dev.salvo.dkim;

import java.util.List;

/**
 * Writes a DKIM-Signature header field, folded so that no line passes 78 characters (RFC 5322
 * §2.1.1). The field is made in two steps because b= signs the field itself with an empty b=
 * (RFC 6376 §3.5): {@link #unsigned} ends in "b=", and {@link #withSignature} appends the folded
 * value. Folding only ever inserts FWS, which every DKIM tag allows (§3.2, §3.5).
 */
final class SignatureHeader {
    static final String NAME = "DKIM-Signature";
    static final int MAX_LINE = 78;

    private final StringBuilder text = new StringBuilder(512);
    private int column;

    private SignatureHeader() {
    }

    /** The field up to and including "b=", and the column at which b's value starts. */
    record Unsigned(String text, int column) {
    }

    /** v=1; a=; c=; d=; s=; t=; h=; bh=; b= with b= left empty. */
    static Unsigned unsigned(DkimKey key, Canonicalization c, long timestamp, List<String> signedNames, String bodyHash) {
        SignatureHeader h = new SignatureHeader();
        h.text.append(NAME).append(':');
        h.column = h.text.length();
        h.token(" v=1;");
        h.token(" a=" + key.algorithm().tag() + ";");
        h.token(" c=" + c.tag() + ";");
        h.token(" d=" + key.domain() + ";");
        h.token(" s=" + key.selector() + ";");
        h.token(" t=" + timestamp + ";");
        for (int i = 0; i < signedNames.size(); i++) {
            String name = signedNames.get(i);
            h.token((i == 0 ? " h=" : "") + name + (i == signedNames.size() - 1 ? ";" : ":"));
        }
        h.token(" bh=" + bodyHash + ";");
        h.token(" b=", 8); // room for some of b's value, so that the value never starts with a fold
        return new Unsigned(h.text.toString(), h.column);
    }

    /** The complete field (no trailing CRLF): the unsigned text, then b's value folded at 78 columns. */
    static String withSignature(Unsigned unsigned, String signatureBase64) {
        StringBuilder out = new StringBuilder(unsigned.text().length() + signatureBase64.length() + 16);
        out.append(unsigned.text());
        int column = unsigned.column();
        int pos = 0;
        while (pos < signatureBase64.length()) {
            int room = MAX_LINE - column;
            if (room <= 0) {
                out.append("\r\n ");
                column = 1;
                continue;
            }
            int n = Math.min(room, signatureBase64.length() - pos);
            out.append(signatureBase64, pos, pos + n);
            column += n;
            pos += n;
        }
        return out.toString();
    }

    private void token(String token) {
        token(token, 0);
    }

    /** Appends token, on a new line unless it and {@code room} more characters fit on this one. */
    private void token(String token, int room) {
        if (column + token.length() + room > MAX_LINE) {
            text.append("\r\n ");
            column = 1;
            token = token.stripLeading();
        }
        text.append(token);
        column += token.length();
    }
}
