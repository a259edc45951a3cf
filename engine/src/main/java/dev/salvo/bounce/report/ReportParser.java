package dev.salvo.bounce.report;

import java.io.IOException;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;

/**
 * Reads one inbound message as a delivery report or a complaint. Never throws on bad input: a
 * message that cannot be read is a {@link Report.Unreadable} with the reason, so a hostile or broken
 * report can only be set aside, never crash the listener. Thread-safe (no state).
 */
public final class ReportParser {
    private ReportParser() {}

    public static Report parse(byte[] raw) {
        try {
            return read(raw);
        } catch (IOException | MimeException e) {
            return new Report.Unreadable("not readable as MIME: " + describe(e));
        } catch (RuntimeException | StackOverflowError e) {
            // mime4j on hostile input (deeply nested parts, broken encodings): a reason, never a crash.
            return new Report.Unreadable("the MIME parser gave up: " + describe(e));
        }
    }

    private static Report read(byte[] raw) throws IOException, MimeException {
        if (raw.length == 0) {
            return new Report.Unreadable("the message is empty");
        }
        int longest = longestLine(raw);
        if (longest > MimeReading.MAX_LINE) {
            // mime4j's own line limits only warn in lenient mode; this bound is ours.
            return new Report.Unreadable("a line of " + longest + " octets; reports with lines over "
                    + MimeReading.MAX_LINE + " octets are not read");
        }
        Message m = MimeReading.parse(raw);
        if (m.getHeader() == null || m.getHeader().getFields().isEmpty()) {
            return new Report.Unreadable("the message has no header fields");
        }
        Multipart mp = MimeReading.multipart(m);
        String contentType = MimeReading.field(m.getHeader(), "Content-Type");
        if (mp == null && contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("multipart/")) {
            // mime4j falls back to text/plain (RFC 2045 §5.2); a report whose parts cannot be found is broken.
            return new Report.Unreadable("a multipart message without a boundary parameter: its parts cannot be found");
        }
        if (mp != null && MimeReading.type(m).equals("multipart/report")) {
            String reportType = MimeReading.parameter(m, "report-type");
            if ("delivery-status".equals(reportType) || "global-delivery-status".equals(reportType)) {
                return DsnParser.read(mp);
            }
            if ("feedback-report".equals(reportType)) {
                return ArfParser.read(mp);
            }
        }
        return TextBounceParser.read(m);
    }

    private static int longestLine(byte[] raw) {
        int longest = 0;
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n') {
                longest = Math.max(longest, i - start);
                start = i + 1;
            }
        }
        return Math.max(longest, raw.length - start);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        String text = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
