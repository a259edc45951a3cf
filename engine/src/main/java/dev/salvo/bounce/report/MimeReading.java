package dev.salvo.bounce.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * mime4j, set up for reports from strangers: lenient about syntax (bounces are often sloppy) but
 * bounded, so a hostile message costs bounded memory and time: lines, header fields and decoded text
 * are capped, and crossing a cap is an error the caller turns into a reason.
 */
final class MimeReading {
    /** Far above RFC 5322's 998, as real bounces quote long lines; far below what could hurt. */
    static final int MAX_LINE = 64 * 1024;
    static final int MAX_TEXT = 1024 * 1024;

    private MimeReading() {}

    static Message parse(byte[] raw) throws IOException {
        return builder().parseMessage(new ByteArrayInputStream(raw));
    }

    static Header parseHeader(String text) throws IOException {
        // parseHeader wants the blank line that ends a header block.
        return builder().parseHeader(new ByteArrayInputStream((text.stripTrailing() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** Lenient but bounded: the one configuration for whole reports and for returned header blocks. */
    private static DefaultMessageBuilder builder() {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.custom()
                .setStrictParsing(false)
                .setMaxLineLen(MAX_LINE)
                .setMaxHeaderLen(MAX_LINE)
                .setMaxHeaderCount(2000)
                .build());
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        return builder;
    }

    /** The lower-case MIME type, "text/plain" when absent (RFC 2045 §5.2). */
    static String type(Entity e) {
        String t = e.getMimeType();
        return t == null ? "text/plain" : t.toLowerCase(Locale.ROOT);
    }

    static String parameter(Entity e, String name) {
        Field f = e.getHeader() == null ? null : e.getHeader().getField("Content-Type");
        if (f instanceof ContentTypeField ct) {
            String v = ct.getParameter(name);
            return v == null ? null : v.toLowerCase(Locale.ROOT);
        }
        return null;
    }

    static Multipart multipart(Entity e) {
        return e.getBody() instanceof Multipart m ? m : null;
    }

    /** The decoded body of a leaf part as text, at most {@value #MAX_TEXT} characters; "" for others. */
    static String text(Entity e) throws IOException {
        Body body = e.getBody();
        if (body instanceof TextBody tb) {
            try (Reader r = tb.getReader()) {
                return read(r);
            }
        }
        if (body instanceof SingleBody sb) {
            try (InputStream in = sb.getInputStream()) {
                // Non-text leaf (message/delivery-status is not text/*): its fields are ASCII or UTF-8 (RFC 6533).
                return new String(in.readNBytes(MAX_TEXT), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static String read(Reader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        int n;
        while (sb.length() < MAX_TEXT && (n = r.read(buf)) > 0) {
            sb.append(buf, 0, Math.min(n, MAX_TEXT - sb.length()));
        }
        return sb.toString();
    }

    /** The headers a report returns, from a message/rfc822 or text/rfc822-headers part (or their RFC 6532 kin). */
    static ReturnedMessage returned(Entity part) throws IOException {
        if (part == null) {
            return ReturnedMessage.NONE;
        }
        String type = type(part);
        if (part.getBody() instanceof Message m) {
            return returned(m.getHeader());
        }
        if (type.equals("text/rfc822-headers") || type.equals("message/global-headers") || type.equals("message/rfc822")) {
            return returned(parseHeader(text(part)));
        }
        return ReturnedMessage.NONE;
    }

    static ReturnedMessage returned(Header h) {
        if (h == null) {
            return ReturnedMessage.NONE;
        }
        String id = field(h, "Message-ID");
        if (id != null) {
            id = id.strip();
            if (id.startsWith("<") && id.indexOf('>') > 0) {
                id = id.substring(1, id.indexOf('>'));
            }
        }
        String from = firstAddress(h, "From");
        String fromDomain = from == null || from.indexOf('@') < 0 ? null : from.substring(from.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return new ReturnedMessage(id == null || id.isEmpty() ? null : id, firstAddress(h, "To"), fromDomain);
    }

    static String field(Header h, String name) {
        Field f = h.getField(name);
        return f == null ? null : f.getBody();
    }

    /** The first mailbox of an address field, or null when absent or unparseable. */
    static String firstAddress(Header h, String name) {
        String raw = field(h, name);
        if (raw == null) {
            return null;
        }
        try {
            AddressList list = org.apache.james.mime4j.field.address.DefaultAddressParser.DEFAULT.parseAddressList(raw);
            for (Address a : list) {
                if (a instanceof Mailbox mb) {
                    return mb.getAddress();
                }
                MailboxList group = ((org.apache.james.mime4j.dom.address.Group) a).getMailboxes();
                if (!group.isEmpty()) {
                    return group.get(0).getAddress();
                }
            }
        } catch (Exception e) {
            // fall through: an unparseable field is as good as none
        }
        return null;
    }
}
