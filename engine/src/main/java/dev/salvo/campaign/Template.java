package dev.salvo.campaign;

import dev.salvo.message.BodyEncoding;
import dev.salvo.message.InvalidMessageException;
import dev.salvo.message.MessageContent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;
import java.io.IOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A message template: RFC 5322 with {{field}} placeholders in headers and body, parsed once into
 * literal byte runs and placeholders. Rendering writes the runs and the values into one pooled
 * buffer; no regex and no parsing per recipient.
 *
 * <p>The runs are CRLF-normalised when the template is loaded, so a rendered message is already in
 * its wire form (every line ends in CRLF, no line starts with '.') unless a value makes it
 * otherwise. Rendering watches for the few ways that can happen (a body value with a line break, a
 * '.' that lands at the start of a line, a template line that starts with '.') and only then has
 * the message normalised and dot-stuffed; otherwise the buffer it wrote is the DATA payload as it
 * is, with no second pass over the bytes (see {@link MessageContent#ofWireReady}).
 *
 * <p>What rendering adds: a fresh Message-ID when the template has none (a template whose
 * Message-ID is fixed text is refused at load, since every recipient would share it); a Date when
 * the template has none; To: the recipient when the template has no To. Values are inserted as
 * they are, not HTML-escaped; see {@link TemplateParser} and {@link Rendering} for the rules on
 * header values (no line breaks, RFC 2047 for non-ASCII, no empty values). Immutable and safe to
 * render from many threads.
 */
public final class Template {
    private static final byte[] CRLF = {'\r', '\n'};
    /** RFC 5322 §2.1.1, applied to the rendered message, since a long value can make a line too long. */
    private static final int MAX_LINE_OCTETS = 998;

    private final String name;
    private final List<HeaderTemplate> headers;
    private final boolean hasBody;
    private final Segment[] body;
    private final boolean hasMessageId;
    private final boolean hasDate;
    private final boolean hasTo;
    private final HeaderTemplate from;
    /** The domain for generated Message-IDs; null when From has placeholders and varies per recipient. */
    private final String fromDomain;
    private final boolean literalsEightBit;
    private final boolean staticHeadersUtf8;
    private final int sizeHint;
    /** The longest line of the template; with the length of the values it bounds every rendered line. */
    private final int longestLine;
    /** A line of the template itself starts with '.': every rendered message needs dot-stuffing. */
    private final boolean literalDotLine;

    private Template(String name, TemplateParser.Parsed parsed, byte[] crlf) {
        this.longestLine = longestLine(crlf);
        this.literalDotLine = hasDotLine(crlf);
        this.name = name;
        this.headers = List.copyOf(parsed.headers());
        this.hasBody = parsed.hasBody();
        this.body = parsed.body();
        this.hasMessageId = find("message-id") != null;
        this.hasDate = find("date") != null;
        this.hasTo = find("to") != null;
        this.from = find("from");
        this.fromDomain = from.isStatic() ? domainOf(from.staticValue(), "template " + name + " line " + from.line)
                : null;
        boolean headersUtf8 = false;
        int literalBytes = 0;
        for (HeaderTemplate header : headers) {
            if (header.isStatic()) {
                headersUtf8 |= !isAscii(header.staticBytes);
                literalBytes += header.staticBytes.length;
            } else {
                literalBytes += header.prefix.length + 80;
            }
        }
        boolean bodyEightBit = false;
        for (Segment segment : body) {
            if (segment.isLiteral()) {
                bodyEightBit |= !isAscii(segment.bytes());
                literalBytes += segment.bytes().length;
            } else {
                literalBytes += 32;
            }
        }
        this.staticHeadersUtf8 = headersUtf8;
        this.literalsEightBit = headersUtf8 || bodyEightBit;
        this.sizeHint = literalBytes + 256;
    }

    /**
     * Reads and checks a template against the columns of the recipients file (fieldNames, as
     * {@link RecipientCsv#fieldNames()}). Errors name the template, the line and the placeholder.
     */
    public static Template load(Path emlFile, List<String> fieldNames) {
        String name = String.valueOf(emlFile);
        byte[] raw = read(emlFile, name);
        try {
            // The same RFC 5322 checks as any message (header shape, From, NUL, line length); the
            // placeholders are plain text to them.
            MessageContent.of(raw).release();
        } catch (InvalidMessageException e) {
            throw new CampaignException("template " + name + ": " + e.getMessage(), e);
        }
        byte[] crlf = normalise(raw);
        TemplateParser.Parsed parsed = new TemplateParser(name, List.copyOf(fieldNames)).parse(crlf);
        Template template = new Template(name, parsed, crlf);
        template.checkFixedFields();
        return template;
    }

    private static byte[] read(Path file, String name) {
        try {
            if (Files.isDirectory(file)) {
                throw new CampaignException("template " + name + " is a directory, not a message file");
            }
            if (Files.size(file) > MessageContent.MAX_SIZE) {
                throw new CampaignException("template " + name + " is larger than 64 MiB");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CampaignException("template " + name + " does not exist");
        } catch (AccessDeniedException e) {
            throw new CampaignException("template " + name + " is not readable: permission denied");
        } catch (IOException e) {
            throw new CampaignException("template " + name + " could not be read: " + e.getMessage(), e);
        }
    }

    private static byte[] normalise(byte[] raw) {
        ByteBuf src = Unpooled.wrappedBuffer(raw);
        ByteBuf out = Unpooled.buffer(BodyEncoding.normalisedLength(src, false));
        BodyEncoding.normalise(src, out, false);
        return ByteBufUtil.getBytes(out);
    }

    private void checkFixedFields() {
        HeaderTemplate messageId = find("message-id");
        if (messageId != null && messageId.isStatic()) {
            throw new CampaignException("template " + name + " line " + messageId.line + ": Message-ID is fixed "
                    + "text, so every recipient would get the same one; remove the header (a unique one is added) "
                    + "or write 'Message-ID: {{message_id}}'");
        }
        if (hasPlaceholders(body)) {
            HeaderTemplate encoding = find("content-transfer-encoding");
            String value = encoding == null || !encoding.isStatic() ? ""
                    : encoding.staticValue().strip().toLowerCase(Locale.ROOT);
            if (value.equals("base64") || value.equals("quoted-printable")) {
                throw new CampaignException("template " + name + " line " + encoding.line + ": the body is "
                        + value + "-encoded, so placeholders in it cannot be filled in; give the body as plain "
                        + "text (8bit) instead");
            }
        }
    }

    /** No placeholder in the body: every recipient's body is the same bytes. */
    public boolean isStatic() {
        return !hasPlaceholders(body);
    }

    /**
     * Renders the message for one recipient. Throws CampaignException("row 42: ...") when a value
     * cannot be used (empty or multi-line in a header, a rendered line over 998 octets). The
     * caller owns the returned content and releases it.
     */
    public MessageContent render(RecipientRow row, RenderContext ctx) {
        Rendering rendering = new Rendering(row, ctx, this::messageIdDomain);
        rendering.eightBit = literalsEightBit;
        rendering.headersUtf8 = staticHeadersUtf8;
        // Direct, since in the usual case this buffer is what goes to the socket.
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(sizeHint);
        boolean handedOver = false;
        try {
            String messageId = null;
            for (HeaderTemplate header : headers) {
                if (header.isStatic()) {
                    out.writeBytes(header.staticBytes);
                    continue;
                }
                String value = rendering.headerValue(header);
                if (header.is("message-id") && messageId == null) {
                    messageId = value;
                }
                out.writeBytes(header.prefix);
                ByteBufUtil.writeUtf8(out, value);
                out.writeBytes(CRLF);
            }
            if (!hasMessageId) {
                messageId = rendering.messageId();
                writeField(out, "Message-ID: ", messageId);
            }
            if (!hasDate) {
                writeField(out, "Date: ", ctx.date());
            }
            if (!hasTo) {
                writeField(out, "To: ", row.email().address());
                rendering.insertedChars += row.email().address().length();
                rendering.headersUtf8 |= row.email().needsSmtpUtf8();
                rendering.eightBit |= row.email().needsSmtpUtf8();
            }
            boolean wireReady = !literalDotLine;
            if (hasBody) {
                out.writeBytes(CRLF);
                wireReady &= writeBody(out, rendering);
            }
            // A UTF-8 character is at most 3 octets per UTF-16 unit; below this bound no line can be too long.
            if (longestLine + 3 * rendering.insertedChars > MAX_LINE_OCTETS) {
                checkLineLengths(out, rendering);
            }
            String id = unbracket(messageId);
            if (!wireReady) {
                return MessageContent.ofTrusted(out, rendering.eightBit, rendering.headersUtf8, id);
            }
            handedOver = true;
            return MessageContent.ofWireReady(out, rendering.eightBit, rendering.headersUtf8, id);
        } catch (InvalidMessageException e) {
            throw new CampaignException(rendering.row(e.getMessage()), e);
        } finally {
            if (!handedOver) {
                out.release();
            }
        }
    }

    /**
     * Writes the body and says whether the result is still in wire form: every line ends in CRLF
     * and none starts with '.'. Header values cannot break that (they are one line and never start
     * one), so only the body is watched: a value with a line break, or a '.' at a line's start
     * where a value meets a literal, sends the message through normalisation instead.
     */
    private boolean writeBody(ByteBuf out, Rendering rendering) {
        boolean wireReady = true;
        boolean atLineStart = true;
        for (Segment segment : body) {
            if (segment.isLiteral()) {
                byte[] bytes = segment.bytes();
                if (bytes.length == 0) {
                    continue;
                }
                wireReady &= !(atLineStart && bytes[0] == '.');
                out.writeBytes(bytes);
                atLineStart = bytes[bytes.length - 1] == '\n';
            } else {
                String value = rendering.bodyValue(segment.placeholder());
                if (value.isEmpty()) {
                    continue;
                }
                wireReady &= !(atLineStart && value.charAt(0) == '.') && !hasLineBreak(value);
                ByteBufUtil.writeUtf8(out, value);
                atLineStart = false;
            }
        }
        // The template was normalised with a final line end, so a body ends at a line's start; a
        // body whose last line came from a value would not, and normalisation adds the CRLF.
        return wireReady && atLineStart;
    }

    private static boolean hasLineBreak(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }

    /** Any line of the (CRLF-normalised) template that starts with '.'. */
    private static boolean hasDotLine(byte[] crlf) {
        for (int i = 0; i < crlf.length; i++) {
            if (crlf[i] == '.' && (i == 0 || crlf[i - 1] == '\n')) {
                return true;
            }
        }
        return false;
    }

    private static void writeField(ByteBuf out, String nameAndColon, String value) {
        out.writeCharSequence(nameAndColon, StandardCharsets.US_ASCII);
        ByteBufUtil.writeUtf8(out, value);
        out.writeBytes(CRLF);
    }

    private static int longestLine(byte[] crlf) {
        int longest = 0;
        int start = 0;
        for (int i = 0; i < crlf.length; i++) {
            if (crlf[i] == '\n') {
                longest = Math.max(longest, i - 1 - start);
                start = i + 1;
            }
        }
        return Math.max(longest, crlf.length - start);
    }

    /** Line ends are counted as BodyEncoding will normalise them (CRLF, bare CR, bare LF). */
    private static void checkLineLengths(ByteBuf out, Rendering rendering) {
        final int end = out.writerIndex();
        int i = out.readerIndex();
        int line = 1;
        while (i < end) {
            int eol = out.forEachByte(i, end - i, ByteProcessor.FIND_CRLF);
            int stop = eol < 0 ? end : eol;
            if (stop - i > MAX_LINE_OCTETS) {
                throw new CampaignException(rendering.row("rendered line " + line + " is " + (stop - i)
                        + " octets long; RFC 5322 §2.1.1 allows at most " + MAX_LINE_OCTETS + ". A merge value is "
                        + "too long for its line"));
            }
            if (eol < 0) {
                break;
            }
            i = eol + (out.getByte(eol) == '\r' && eol + 1 < end && out.getByte(eol + 1) == '\n' ? 2 : 1);
            line++;
        }
    }

    private String messageIdDomain(Rendering rendering) {
        return fromDomain != null ? fromDomain
                : domainOf(rendering.headerValue(from), rendering.row("the From header"));
    }

    /**
     * The domain of the first address in a From value, in ASCII (IDNA) form for the msg-id:
     * "Alice &lt;alice@example.com&gt;" and "alice@example.com" both give example.com.
     */
    static String domainOf(String fromValue, String where) {
        String value = fromValue.replace("\r\n", "").strip();
        int open = value.indexOf('<');
        if (open >= 0) {
            int close = value.indexOf('>', open);
            value = value.substring(open + 1, close < 0 ? value.length() : close);
        }
        int comma = value.indexOf(',');
        if (comma >= 0 && open < 0) {
            value = value.substring(0, comma);
        }
        int at = value.lastIndexOf('@');
        String domain = at < 0 ? "" : value.substring(at + 1).strip();
        if (domain.isEmpty()) {
            throw new CampaignException(where + ": From has no address with a domain, which the Message-ID needs; "
                    + "write it as 'From: Name <name@example.com>'");
        }
        try {
            return IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new CampaignException(where + ": the From domain '" + domain + "' is not a valid domain name", e);
        }
    }

    private static String unbracket(String messageId) {
        if (messageId == null) {
            return null;
        }
        String id = messageId.replace("\r\n", "").strip();
        if (id.startsWith("<") && id.endsWith(">")) {
            id = id.substring(1, id.length() - 1).strip();
        }
        return id.isEmpty() ? null : id;
    }

    private HeaderTemplate find(String lowerName) {
        for (HeaderTemplate header : headers) {
            if (header.is(lowerName)) {
                return header;
            }
        }
        return null;
    }

    private static boolean hasPlaceholders(Segment[] segments) {
        for (Segment segment : segments) {
            if (!segment.isLiteral()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Template(" + name + ", " + headers.size() + " header fields, " + (isStatic() ? "static" : "merged")
                + " body)";
    }
}
