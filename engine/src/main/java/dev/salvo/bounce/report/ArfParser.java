package dev.salvo.bounce.report;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Multipart;

/**
 * RFC 5965 feedback reports (ARF): multipart/report; report-type=feedback-report, whose second part
 * (message/feedback-report) carries Feedback-Type, User-Agent and Version (required, §3.1) and
 * optionally Original-Rcpt-To, Original-Mail-From, Arrival-Date, Source-IP; the third part returns
 * the message or its headers. Providers often redact Original-Rcpt-To, so the recipient usually comes
 * from the VERP address the report was sent to, or the returned message.
 */
final class ArfParser {
    private ArfParser() {}

    static Report read(Multipart report) throws IOException {
        ReportParts parts = ReportParts.of(report, type -> type.equals("message/feedback-report"));
        Entity feedback = parts.machine();
        if (feedback == null) {
            return new Report.Unreadable("a multipart/report of type feedback-report without a message/feedback-report part");
        }
        List<Map<String, String>> blocks = ReportFields.blocks(MimeReading.text(feedback));
        Map<String, String> fields = blocks.isEmpty() ? Map.of() : blocks.get(0);
        String type = fields.get("feedback-type");
        if (type == null || type.isBlank()) {
            return new Report.Unreadable("the feedback report has no Feedback-Type field (RFC 5965 §3.1 requires it)");
        }
        return new Report.Complaint(type.strip().toLowerCase(Locale.ROOT),
                ReportFields.typed(fields.get("original-rcpt-to")),
                ReportFields.typed(fields.get("original-mail-from")),
                fields, MimeReading.returned(parts.returned()));
    }
}
