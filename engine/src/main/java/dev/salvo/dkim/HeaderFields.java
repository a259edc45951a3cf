package dev.salvo.dkim;

import java.util.Arrays;

/**
 * The header fields of a CRLF-normalised RFC 5322 message, as offsets into its bytes: each field
 * runs from its name to the end of its last continuation line (CRLF excluded).
 */
final class HeaderFields {
    private final byte[] message;
    private int count;
    private int[] starts = new int[32];
    private int[] colons = new int[32];
    private int[] ends = new int[32];
    private int bodyStart;

    private HeaderFields(byte[] message) {
        this.message = message;
    }

    /** @throws IllegalArgumentException for a bare LF, a line without a colon, or a leading continuation line */
    static HeaderFields parse(byte[] message) {
        HeaderFields fields = new HeaderFields(message);
        int length = message.length;
        int pos = 0;
        while (pos < length) {
            int lineEnd = lineEnd(message, pos, length);
            if (lineEnd == pos) { // RFC 5322 §2.1: an empty line separates the header from the body
                fields.bodyStart = Math.min(pos + 2, length);
                return fields;
            }
            byte first = message[pos];
            if (first == ' ' || first == '\t') {
                if (fields.count == 0) {
                    throw new IllegalArgumentException("message starts with a continuation line (white space before the first header field)");
                }
                fields.ends[fields.count - 1] = lineEnd;
            } else {
                int colon = indexOf(message, (byte) ':', pos, lineEnd);
                if (colon <= pos) {
                    throw new IllegalArgumentException("header field " + (fields.count + 1) + " has no colon: not \"Name: value\"");
                }
                fields.add(pos, colon, lineEnd);
            }
            pos = Math.min(lineEnd + 2, length);
        }
        fields.bodyStart = length; // header only, no body
        return fields;
    }

    /** Where the line at pos ends (the index of its CR, or length when it has no CRLF). */
    static int lineEnd(byte[] buf, int pos, int end) {
        int lf = indexOf(buf, (byte) '\n', pos, end);
        if (lf < 0) {
            return end;
        }
        if (lf == pos || buf[lf - 1] != '\r') {
            throw new IllegalArgumentException("bare LF at offset " + lf + ": DKIM signs CRLF-normalised messages");
        }
        return lf - 1;
    }

    static int indexOf(byte[] buf, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void add(int start, int colon, int end) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            colons = Arrays.copyOf(colons, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        colons[count] = colon;
        ends[count] = end;
        count++;
    }

    byte[] message() {
        return message;
    }

    int count() {
        return count;
    }

    int start(int i) {
        return starts[i];
    }

    int colon(int i) {
        return colons[i];
    }

    int end(int i) {
        return ends[i];
    }

    int bodyStart() {
        return bodyStart;
    }

    /** Field names compare case-insensitively (RFC 5322 §1.2.2), ignoring white space before the colon. */
    boolean nameIs(int i, String name) {
        int nameEnd = colons[i];
        while (nameEnd > starts[i] && (message[nameEnd - 1] == ' ' || message[nameEnd - 1] == '\t')) {
            nameEnd--;
        }
        if (nameEnd - starts[i] != name.length()) {
            return false;
        }
        for (int k = 0; k < name.length(); k++) {
            if (Character.toLowerCase((char) message[starts[i] + k]) != Character.toLowerCase(name.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    int occurrences(String name) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (nameIs(i, name)) {
                n++;
            }
        }
        return n;
    }
}
