package dev.salvo.bounce.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The field blocks of a message/delivery-status (RFC 3464 §2.1) or message/feedback-report (RFC 5965
 * §3.1) body: RFC 5322-style "Name: value" lines, folded lines joined, blocks separated by blank
 * lines. Names are kept in lower case; the first occurrence of a name in a block wins. Lines that are
 * not fields are skipped (reports in the wild carry stray text).
 */
final class ReportFields {
    private ReportFields() {}

    static List<Map<String, String>> blocks(String body) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : body.split("\r\n|\n|\r", -1)) {
            if (line.isBlank()) {
                put(current, name, value);
                name = null;
                if (!current.isEmpty()) {
                    blocks.add(current);
                    current = new LinkedHashMap<>();
                }
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.strip()); // RFC 5322 §2.2.3 unfolding
                continue;
            }
            put(current, name, value);
            name = null;
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).chars().allMatch(c -> c > ' ' && c < 127)) {
                name = line.substring(0, colon).toLowerCase(Locale.ROOT);
                value.setLength(0);
                value.append(line.substring(colon + 1).strip());
            }
        }
        put(current, name, value);
        if (!current.isEmpty()) {
            blocks.add(current);
        }
        return blocks;
    }

    private static void put(Map<String, String> block, String name, StringBuilder value) {
        if (name != null) {
            block.putIfAbsent(name, value.toString().strip());
        }
    }

    /**
     * The value after the type of a typed field ("rfc822; bob@example.com" → "bob@example.com";
     * RFC 3464 §2.3.2: address-type ";" generic-address), angle brackets removed; null stays null.
     */
    static String typed(String value) {
        if (value == null) {
            return null;
        }
        int semi = value.indexOf(';');
        String v = (semi >= 0 ? value.substring(semi + 1) : value).strip();
        if (v.startsWith("<") && v.endsWith(">")) {
            v = v.substring(1, v.length() - 1).strip();
        }
        return v.isEmpty() ? null : v;
    }
}
