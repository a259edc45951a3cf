package dev.salvo.bounce.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Multipart;

/**
 * RFC 3464 delivery status notifications: multipart/report; report-type=delivery-status, whose
 * second part (message/delivery-status, or RFC 6533's message/global-delivery-status) holds one
 * per-message block and one block per recipient, and whose optional third part returns the
 * message or its headers.
 */
final class DsnParser {
    /** RFC 3463 §2: class "." subject "." detail. */
    static final Pattern STATUS = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");
    /** An SMTP reply code at the start of a diagnostic (RFC 3464 §2.3.6 "smtp; 550 ..."). */
    private static final Pattern REPLY_CODE = Pattern.compile("^([245]\\d\\d)(?=[ -]|$)");

    private DsnParser() {}

    static Report read(Multipart report) throws IOException {
        ReportParts parts = ReportParts.of(report,
                type -> type.equals("message/delivery-status") || type.equals("message/global-delivery-status"));
        Entity status = parts.machine();
        if (status == null) {
            return new Report.Unreadable("a multipart/report of type delivery-status without a message/delivery-status part"
                    + " (truncated, or the boundary is wrong)");
        }
        List<Map<String, String>> blocks = ReportFields.blocks(MimeReading.text(status));
        String reportingMta = null;
        List<RecipientStatus> recipients = new ArrayList<>();
        for (Map<String, String> block : blocks) {
            if (block.containsKey("final-recipient") || block.containsKey("original-recipient")) {
                recipients.add(recipient(block));
            } else if (reportingMta == null && block.containsKey("reporting-mta")) {
                reportingMta = ReportFields.typed(block.get("reporting-mta"));
            }
        }
        if (recipients.isEmpty()) {
            return new Report.Unreadable("the delivery-status part names no recipient (no Final-Recipient field)");
        }
        return new Report.Delivery("rfc3464", reportingMta, recipients, MimeReading.returned(parts.returned()));
    }

    private static RecipientStatus recipient(Map<String, String> block) {
        String diagnostic = ReportFields.typed(block.get("diagnostic-code"));
        String status = block.get("status");
        Matcher m = status == null ? null : STATUS.matcher(status);
        status = m != null && m.find() ? m.group() : null;
        return new RecipientStatus(
                ReportFields.typed(block.get("final-recipient")),
                ReportFields.typed(block.get("original-recipient")),
                RecipientStatus.Action.parse(block.get("action")),
                status,
                diagnostic,
                ReportFields.typed(block.get("remote-mta")),
                replyCode(diagnostic));
    }

    static Integer replyCode(String diagnostic) {
        if (diagnostic == null) {
            return null;
        }
        Matcher m = REPLY_CODE.matcher(diagnostic.strip());
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }
}
