package dev.salvo.events;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formats one {@link DeliveryEvent} as one line of JSON (RFC 8259), fields in a fixed order. */
final class JsonLine {
    /** Always three fraction digits: ISO_INSTANT drops them when they are zero, which makes lines uneven. */
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonLine() {}

    static void append(StringBuilder sb, DeliveryEvent e) {
        sb.append("{\"ts\":\"");
        TS.formatTo(e.ts(), sb);
        sb.append("\",\"event\":\"").append(e.event().wireName()).append('"');
        field(sb, "message_id", e.messageId());
        field(sb, "recipient", e.recipient());
        field(sb, "destination", e.destination());
        sb.append(",\"attempt\":").append(e.attempt());
        sb.append(",\"code\":").append(e.code() == null ? "null" : e.code().toString());
        field(sb, "enhanced", e.enhanced());
        field(sb, "response", e.response());
        field(sb, "tls", e.tls());
        field(sb, "class", e.bounceClass());
        if (e.report() != null) {
            field(sb, "report", e.report()); // only on late outcomes, so the lines of a send stay as they were
        }
        sb.append("}\n");
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append(",\"").append(name).append("\":");
        if (value == null) {
            sb.append("null");
        } else {
            string(sb, value);
        }
    }

    /**
     * RFC 8259 §7: quotation mark, reverse solidus and the control characters U+0000..U+001F must
     * be escaped; everything else may go as itself, so non-ASCII is written as UTF-8 by the writer.
     * U+2028/U+2029 are escaped too, because JavaScript before ES2019 reads them as line ends.
     */
    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
