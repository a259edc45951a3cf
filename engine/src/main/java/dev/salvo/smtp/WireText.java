package dev.salvo.smtp;

import io.netty.buffer.ByteBuf;

/** Shows raw wire bytes to a person: printable ASCII as is, everything else escaped, length capped. */
final class WireText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private WireText() {}

    static String escape(ByteBuf buf, int index, int length, int max) {
        int n = Math.min(length, max);
        StringBuilder sb = new StringBuilder(n + 16).append('"');
        for (int i = 0; i < n; i++) {
            int b = buf.getByte(index + i) & 0xff;
            switch (b) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        sb.append((char) b);
                    } else {
                        sb.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xf]);
                    }
                }
            }
        }
        sb.append('"');
        if (length > n) {
            sb.append("... (").append(length - n).append(" more bytes)");
        }
        return sb.toString();
    }
}
