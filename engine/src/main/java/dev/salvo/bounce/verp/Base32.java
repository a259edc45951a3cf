package dev.salvo.bounce.verp;

/**
 * RFC 4648 §6 base32 in lower case without padding: every character is a letter or a digit, so a
 * token is a valid dot-atom in any local part, and it survives MTAs that fold local parts to lower
 * case (decoding ignores case).
 */
final class Base32 {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private Base32() {}

    static int encodedLength(int bytes) {
        return (bytes * 8 + 4) / 5;
    }

    static String encode(byte[] data) {
        StringBuilder sb = new StringBuilder(encodedLength(data.length));
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return sb.toString();
    }

    /** Decodes, or returns null when a character is outside the alphabet or the length is impossible. */
    static byte[] decode(CharSequence s) {
        int n = s.length();
        int rest = n % 8;
        if (rest == 1 || rest == 3 || rest == 6) {
            return null; // no byte count encodes to these lengths
        }
        byte[] out = new byte[n * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < n; i++) {
            int v = value(s.charAt(i));
            if (v < 0) {
                return null;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[o++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        // The left-over bits must be zero, or two spellings would decode to the same bytes.
        if ((buffer & ((1 << bits) - 1)) != 0) {
            return null;
        }
        return out;
    }

    private static int value(char c) {
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= '2' && c <= '7') {
            return c - '2' + 26;
        }
        return -1;
    }
}
