package dev.salvo.campaign;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** RFC 2047 "B" encoded-words for non-ASCII header text, so the message needs no SMTPUTF8. */
final class EncodedWords {
    private static final String OPEN = "=?UTF-8?B?";
    private static final String CLOSE = "?=";
    /**
     * RFC 2047 §2: an encoded-word is at most 75 characters. 45 octets make 60 base64 characters,
     * 72 with the delimiters; chunks end on a character boundary (§5: no split multi-octet characters).
     */
    private static final int MAX_OCTETS_PER_WORD = 45;

    private EncodedWords() {
    }

    static boolean isAscii(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Appends text as one or more encoded-words, folded onto continuation lines between words
     * (RFC 2047 §6.2: white space between adjacent encoded-words is ignored when decoding).
     */
    static void append(StringBuilder out, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder base64 = Base64.getEncoder();
        int start = 0;
        while (start < utf8.length) {
            int end = Math.min(start + MAX_OCTETS_PER_WORD, utf8.length);
            while (end < utf8.length && (utf8[end] & 0xC0) == 0x80) {
                end--; // a continuation octet: end the word before the character it belongs to
            }
            if (start > 0) {
                out.append("\r\n ");
            }
            byte[] chunk = java.util.Arrays.copyOfRange(utf8, start, end);
            out.append(OPEN).append(base64.encodeToString(chunk)).append(CLOSE);
            start = end;
        }
    }
}
