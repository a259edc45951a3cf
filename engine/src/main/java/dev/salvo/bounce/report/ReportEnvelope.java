package dev.salvo.bounce.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.stream.Field;

/**
 * Where a stored report was addressed, for reports read from a file (no SMTP envelope): the fields
 * the receiving MTA adds (Delivered-To, X-Original-To, Envelope-To) first, then To, since a bounce is
 * addressed to the return path it answers.
 */
public final class ReportEnvelope {
    private static final String[] FIELDS = {"Delivered-To", "X-Original-To", "Envelope-To", "To"};
    private static final int MAX_HEADER = 256 * 1024;

    private ReportEnvelope() {}

    public static List<String> addressedTo(byte[] raw) {
        List<String> out = new ArrayList<>();
        try {
            String text = new String(raw, 0, Math.min(raw.length, MAX_HEADER), StandardCharsets.UTF_8).replace("\r\n", "\n");
            int end = text.indexOf("\n\n");
            Header h = MimeReading.parseHeader(end < 0 ? text : text.substring(0, end));
            for (String name : FIELDS) {
                for (Field f : h.getFields(name)) {
                    String a = MimeReading.firstAddress(h, name);
                    String body = f.getBody().strip();
                    String addr = body.startsWith("<") && body.endsWith(">") ? body.substring(1, body.length() - 1) : a;
                    if (addr != null && !out.contains(addr)) {
                        out.add(addr);
                    }
                }
            }
        } catch (Exception e) {
            // an unreadable header names no address; the report is then matched by its content or set aside
        }
        return out;
    }
}
