package dev.salvo.bounce.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;

/**
 * Bounces that are not RFC 3464 DSNs: qmail ("Hi. This is the qmail-send program"), Exim ("This
 * message was created automatically by mail delivery software"), old Sendmail, Exchange NDRs,
 * Yahoo's, and anything else that looks like a bounce. They are read by heuristics: the text
 * before the returned copy of the message is searched for the failed addresses (or X-Failed-Recipients
 * is taken) and, after each address, for the SMTP reply (code and RFC 3463 status).
 */
final class TextBounceParser {
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9._%+=!#$&'*/?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");
    /** An SMTP reply: code, then space or hyphen, then optionally the enhanced status. */
    private static final Pattern REPLY = Pattern.compile("(?<![\\d.])([45]\\d\\d)[ :-](?:\\s*#?([245]\\.\\d{1,3}\\.\\d{1,3})\\b)?");
    private static final Pattern SUBJECT = Pattern.compile(
            "(?i)undeliver|returned mail|delivery (status notification|failure|has failed|failed)|failure notice"
                    + "|mail delivery failed|non-?delivery|could not be delivered|delivery problem");
    private static final Pattern RETURNED_COPY = Pattern.compile(
            "(?im)^[ \\t>-]*(below this line is a copy of the message|this is a copy of the message|original message"
                    + "|unsent message follows|returned mail follows|original message headers|text of the original message)\\b.*$");
    private static final Pattern DELAYED = Pattern.compile(
            "(?i)will (continue|keep) trying|has not yet been delivered|still trying|delivery (is|has been) delayed|warning: message");
    private static final Pattern PERMANENT = Pattern.compile(
            "(?i)permanent(ly)? (fatal )?error|could not be delivered|unable to deliver|does not exist|user unknown|no such user");

    private TextBounceParser() {}

    static Report read(Message m) throws IOException {
        Header h = m.getHeader();
        String text = firstText(m);
        String format = format(text);
        boolean fromDaemon = isDaemon(MimeReading.firstAddress(h, "From"));
        String subject = MimeReading.field(h, "Subject");
        String failedHeader = MimeReading.field(h, "X-Failed-Recipients");
        if (format == null && failedHeader == null && !fromDaemon && (subject == null || !SUBJECT.matcher(subject).find())) {
            return new Report.Unreadable("not a bounce or a complaint: no multipart/report, no X-Failed-Recipients, "
                    + "not from MAILER-DAEMON or postmaster, and no known bounce text");
        }
        Matcher cut = RETURNED_COPY.matcher(text);
        int end = cut.find() ? cut.start() : text.length();
        String explanation = text.substring(0, end);
        List<String> failed = failedAddresses(failedHeader, explanation);
        if (failed.isEmpty()) {
            return new Report.Unreadable("looks like a bounce (" + (format == null ? "generic" : format)
                    + ") but names no failed address");
        }
        List<RecipientStatus> recipients = new ArrayList<>();
        for (int i = 0; i < failed.size(); i++) {
            recipients.add(status(failed.get(i), explanation, i + 1 < failed.size() ? failed.get(i + 1) : null));
        }
        ReturnedMessage returned = returned(m, end < text.length() ? text.substring(end) : null);
        return new Report.Delivery(format == null ? "generic" : format, null, recipients, returned);
    }

    private static String format(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.contains("this is the qmail-send program")) {
            return "qmail";
        }
        if (t.contains("this message was created automatically by mail delivery software")) {
            return "exim";
        }
        if (t.contains("sorry, we were unable to deliver your message to the following address")) {
            return "yahoo";
        }
        if (t.contains("delivery has failed to these recipients or groups") || t.contains("remote server returned")) {
            return "exchange";
        }
        if (t.contains("transcript of session follows") || t.contains("the original message was received at")
                || t.contains("following addresses had permanent fatal errors")) {
            return "sendmail";
        }
        return null;
    }

    private static boolean isDaemon(String from) {
        if (from == null) {
            return false;
        }
        String local = from.substring(0, Math.max(0, from.indexOf('@'))).toLowerCase(Locale.ROOT);
        return local.equals("mailer-daemon") || local.equals("postmaster") || local.equals("mail-daemon");
    }

    private static List<String> failedAddresses(String header, String explanation) {
        Set<String> found = new LinkedHashSet<>();
        if (header != null) {
            for (String part : header.split(",")) {
                Matcher a = ADDRESS.matcher(part);
                if (a.find()) {
                    found.add(a.group());
                }
            }
        }
        if (found.isEmpty()) {
            Matcher a = ADDRESS.matcher(explanation);
            while (a.find()) {
                if (!isDaemon(a.group())) {
                    found.add(a.group());
                }
            }
        }
        return new ArrayList<>(found);
    }

    /** The reply after the address's first mention, up to the next failed address's first mention. */
    private static RecipientStatus status(String address, String explanation, String next) {
        int from = Math.max(0, explanation.indexOf(address));
        int to = next == null ? -1 : explanation.indexOf(next, from + address.length());
        String segment = explanation.substring(from, to > from ? to : explanation.length());
        Matcher r = REPLY.matcher(segment);
        Integer code = null;
        String status = null;
        String diagnostic = null;
        if (r.find()) {
            code = Integer.valueOf(r.group(1));
            status = r.group(2);
            diagnostic = lineAround(segment, r.start());
        }
        if (status == null) {
            Matcher s = DsnParser.STATUS.matcher(segment);
            if (s.find()) {
                status = s.group();
                diagnostic = diagnostic == null ? lineAround(segment, s.start()) : diagnostic;
            }
        }
        boolean delayed = DELAYED.matcher(explanation).find();
        if (status == null) {
            if (code != null) {
                status = code >= 500 ? "5.0.0" : "4.0.0";
            } else if (delayed) {
                status = "4.0.0";
            } else if (PERMANENT.matcher(explanation).find()) {
                status = "5.0.0";
            }
        }
        RecipientStatus.Action action = delayed && (status == null || status.startsWith("4"))
                ? RecipientStatus.Action.DELAYED : RecipientStatus.Action.FAILED;
        return new RecipientStatus(address, null, action, status, diagnostic, null, code);
    }

    private static String lineAround(String s, int at) {
        int start = s.lastIndexOf('\n', at) + 1;
        int end = s.indexOf('\n', at);
        String line = s.substring(start, end < 0 ? s.length() : end).strip();
        return line.length() > 500 ? line.substring(0, 500) : line;
    }

    /** The first text/plain leaf, skipping returned messages; the body itself for a single-part message. */
    private static String firstText(Entity e) throws IOException {
        Multipart mp = MimeReading.multipart(e);
        if (mp == null) {
            return e.getBody() instanceof Message ? "" : MimeReading.text(e);
        }
        for (Entity part : mp.getBodyParts()) {
            String type = MimeReading.type(part);
            if (type.startsWith("text/plain") || MimeReading.multipart(part) != null) {
                String t = firstText(part);
                if (!t.isBlank()) {
                    return t;
                }
            }
        }
        return "";
    }

    private static ReturnedMessage returned(Entity e, String copyInText) throws IOException {
        Entity part = returnedPart(e);
        if (part != null) {
            return MimeReading.returned(part);
        }
        if (copyInText == null) {
            return ReturnedMessage.NONE;
        }
        // The copy follows the marker line; its header ends at the first blank line.
        int nl = copyInText.indexOf('\n');
        String rest = nl < 0 ? "" : copyInText.substring(nl + 1).stripLeading();
        int blank = rest.replace("\r\n", "\n").indexOf("\n\n");
        String headers = blank < 0 ? rest : rest.replace("\r\n", "\n").substring(0, blank);
        return MimeReading.returned(MimeReading.parseHeader(headers));
    }

    private static Entity returnedPart(Entity e) {
        Multipart mp = MimeReading.multipart(e);
        if (mp == null) {
            return null;
        }
        for (Entity part : mp.getBodyParts()) {
            String type = MimeReading.type(part);
            if (type.equals("message/rfc822") || type.equals("text/rfc822-headers") || type.equals("message/global-headers")) {
                return part;
            }
            Entity inner = returnedPart(part);
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }
}
