package dev.salvo.dkim;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 6376 §3.4: the simple and relaxed canonicalizations of header fields and body. */
final class Canonicalizer {
    private static final byte[] CRLF = {'\r', '\n'};

    private Canonicalizer() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    /** SHA-256 of the canonical form of buf[from, to), a CRLF-normalised body. */
    static byte[] bodyDigest(byte[] buf, int from, int to, Canonicalization c) {
        MessageDigest sha = sha256();
        boolean relaxed = c == Canonicalization.RELAXED;
        byte[] scratch = relaxed ? new byte[Math.max(16, Math.min(8192, to - from))] : null;
        int blankLines = 0;
        boolean anyLine = false;
        int pos = from;
        while (pos < to) {
            int lineEnd = HeaderFields.lineEnd(buf, pos, to);
            int contentEnd = lineEnd;
            if (relaxed) { // RFC 6376 §3.4.4: ignore all white space at the end of lines
                while (contentEnd > pos && isWsp(buf[contentEnd - 1])) {
                    contentEnd--;
                }
            }
            if (contentEnd == pos) {
                blankLines++; // §3.4.3/§3.4.4: empty lines at the end of the body are ignored, so defer them
            } else {
                for (; blankLines > 0; blankLines--) {
                    sha.update(CRLF);
                }
                if (relaxed) {
                    relaxedLine(buf, pos, contentEnd, sha, scratch);
                } else {
                    sha.update(buf, pos, contentEnd - pos);
                }
                sha.update(CRLF); // also supplies the CRLF a last line without one lacks
                anyLine = true;
            }
            pos = Math.min(lineEnd + 2, to);
        }
        if (!anyLine && !relaxed) {
            sha.update(CRLF); // §3.4.3: an empty body is canonicalised as one CRLF; relaxed leaves it empty
        }
        return sha.digest();
    }

    /** §3.4.4: each run of WSP within a line becomes one SP (trailing WSP is already cut). */
    private static void relaxedLine(byte[] buf, int from, int to, MessageDigest sha, byte[] scratch) {
        int n = 0;
        boolean space = false;
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (isWsp(b)) {
                space = true;
                continue;
            }
            if (n + 2 > scratch.length) {
                sha.update(scratch, 0, n);
                n = 0;
            }
            if (space) {
                scratch[n++] = ' ';
                space = false;
            }
            scratch[n++] = b;
        }
        sha.update(scratch, 0, n);
    }

    /**
     * Appends the canonical form of the header field buf[start, end) whose name ends at colon; the
     * field's own terminating CRLF is appended when crlf (not for the DKIM-Signature being made).
     */
    static void appendHeader(ByteArrayOutputStream out, byte[] buf, int start, int colon, int end, Canonicalization c,
            boolean crlf) {
        if (c == Canonicalization.SIMPLE) { // §3.4.1: unchanged
            out.write(buf, start, end - start);
        } else {
            // §3.4.2: lowercase the name, unfold, collapse WSP to one SP, no WSP around the colon or at the end
            int nameEnd = colon;
            while (nameEnd > start && isWsp(buf[nameEnd - 1])) {
                nameEnd--;
            }
            for (int i = start; i < nameEnd; i++) {
                byte b = buf[i];
                out.write(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
            }
            out.write(':');
            boolean space = false;
            boolean started = false;
            for (int i = colon + 1; i < end; i++) {
                byte b = buf[i];
                if (b == '\r' || b == '\n') {
                    continue;
                }
                if (isWsp(b)) {
                    space = started;
                    continue;
                }
                if (space) {
                    out.write(' ');
                    space = false;
                }
                out.write(b);
                started = true;
            }
        }
        if (crlf) {
            out.write(CRLF, 0, 2);
        }
    }

    private static boolean isWsp(byte b) {
        return b == ' ' || b == '\t';
    }
}
