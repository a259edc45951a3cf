package dev.salvo.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes to {@link SmtpReply} values (RFC 5321 §4.2), multi-line replies joined.
 *
 * <p>Servers repeat the same reply text for MAIL, RCPT and DATA all day long, so single-line replies
 * are interned: the line's bytes are compared with a few recently decoded ones and the earlier
 * {@code SmtpReply} is reused. In steady state only replies that really differ (queue ids after
 * the end of data) allocate.
 */
final class ReplyDecoder extends ByteToMessageDecoder {
    /**
     * RFC 5321 §4.5.3.1.5 caps a reply line at 512 octets; real servers overshoot a little, so we
     * allow four times that before calling it garbage.
     */
    static final int MAX_LINE = 2048;
    /** A reply longer than this many lines is a server gone wrong, not an EHLO list. */
    static final int MAX_LINES = 200;

    private static final int CACHE_SLOTS = 8;
    /** Shared "no enhanced code" answer: never written to. */
    private static final int[] NO_ENHANCED = {-1, -1, -1, 0};

    private final ByteBuf[] cachedLines = new ByteBuf[CACHE_SLOTS];
    private final SmtpReply[] cachedReplies = new SmtpReply[CACHE_SLOTS];
    /** When each slot was last hit; a new reply replaces the coldest, so unique replies evict each other, not the hot ones. */
    private final long[] lastUsed = new long[CACHE_SLOTS];
    private long tick;

    /** Lines of a multi-line reply seen so far; null when between replies. */
    private List<String> pendingLines;
    private int pendingCode;
    private int[] pendingEnhanced;

    /** Bytes received but not yet decoded: after a STARTTLS 220 any such byte is an injection. */
    int undecodedBytes() {
        return actualReadableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int lf = in.forEachByte(start, Math.min(in.readableBytes(), MAX_LINE + 2), ByteProcessor.FIND_LF);
            if (lf < 0) {
                if (in.readableBytes() > MAX_LINE + 1) {
                    throw new SmtpProtocolException("reply line longer than " + MAX_LINE + " bytes: "
                            + WireText.escape(in, start, in.readableBytes(), 120));
                }
                return;
            }
            int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
            SmtpReply reply = line(in, start, end - start);
            in.readerIndex(lf + 1);
            if (reply != null) {
                // One reply per call: ByteToMessageDecoder hands it on before decoding further, so
                // after a STARTTLS 220 the bytes behind it are still undecoded and can be seen.
                out.add(reply);
                return;
            }
        }
    }

    /** Decodes one line; returns the reply when this line completes one. */
    private SmtpReply line(ByteBuf in, int start, int length) {
        int code = code(in, start, length);
        boolean last = length == 3 || in.getByte(start + 3) == ' ';
        if (!last && in.getByte(start + 3) != '-') {
            throw garbage(in, start, length, "expected ' ' or '-' after the reply code");
        }
        if (pendingLines == null && last) {
            SmtpReply cached = cached(in, start, length);
            if (cached != null) {
                return cached;
            }
        }
        if (pendingLines != null && code != pendingCode) {
            throw garbage(in, start, length, "reply code changed within a multi-line reply (was " + pendingCode + ")");
        }
        int textStart = Math.min(length, 4);
        int[] enhanced = enhanced(in, start + textStart, length - textStart, code / 100);
        if (enhanced[3] > 0) {
            textStart += enhanced[3];
        }
        String text = in.toString(start + textStart, length - textStart, StandardCharsets.UTF_8);
        if (pendingLines == null && last) {
            // The common single-line reply: no list to grow, and List.of survives SmtpReply's copy.
            SmtpReply reply = new SmtpReply(code, enhanced[0], enhanced[1], enhanced[2], List.of(text), false);
            remember(in, start, length, reply);
            return reply;
        }
        if (pendingLines == null) {
            pendingLines = new ArrayList<>(8);
            pendingCode = code;
            pendingEnhanced = enhanced;
        }
        if (pendingLines.size() == MAX_LINES) {
            throw garbage(in, start, length, "reply has more than " + MAX_LINES + " lines");
        }
        pendingLines.add(text);
        if (!last) {
            return null;
        }
        int[] e = pendingEnhanced;
        SmtpReply reply = new SmtpReply(code, e[0], e[1], e[2], pendingLines, false);
        pendingLines = null;
        pendingEnhanced = null;
        return reply;
    }

    private static int code(ByteBuf in, int start, int length) {
        if (length < 3) {
            throw garbage(in, start, length, "a reply starts with a three-digit code");
        }
        int d0 = in.getByte(start) - '0';
        int d1 = in.getByte(start + 1) - '0';
        int d2 = in.getByte(start + 2) - '0';
        // RFC 5321 §4.2: first digit 2..5, second 0..5, third 0..9.
        if (d0 < 2 || d0 > 5 || d1 < 0 || d1 > 5 || d2 < 0 || d2 > 9) {
            throw garbage(in, start, length, "a reply starts with a three-digit code from 200 to 559");
        }
        return d0 * 100 + d1 * 10 + d2;
    }

    /**
     * RFC 3463 §2 / RFC 2034 §4: "class.subject.detail" at the start of the text, where the class
     * must match the reply's first digit. Returns {class, subject, detail, charsConsumed}, or -1s
     * and 0 when the text does not start with one.
     */
    private static int[] enhanced(ByteBuf in, int start, int length, int replyClass) {
        int i = 0;
        int part = 0;
        int value = 0;
        int digits = 0;
        int first = 0;
        int second = 0;
        while (i < length) {
            byte b = in.getByte(start + i);
            if (b >= '0' && b <= '9' && digits < 3) {
                value = value * 10 + (b - '0');
                digits++;
            } else if (b == '.' && digits > 0 && part < 2) {
                if (part++ == 0) {
                    first = value;
                } else {
                    second = value;
                }
                value = 0;
                digits = 0;
            } else {
                break;
            }
            i++;
        }
        boolean ends = i == length || in.getByte(start + i) == ' ';
        if (part != 2 || digits == 0 || !ends || first != replyClass) {
            return NO_ENHANCED;
        }
        return new int[] {first, second, value, i < length ? i + 1 : i};
    }

    private SmtpReply cached(ByteBuf in, int start, int length) {
        for (int i = 0; i < CACHE_SLOTS; i++) {
            ByteBuf c = cachedLines[i];
            if (c != null && c.readableBytes() == length && ByteBufUtil.equals(c, 0, in, start, length)) {
                lastUsed[i] = ++tick;
                return cachedReplies[i];
            }
        }
        return null;
    }

    private void remember(ByteBuf in, int start, int length, SmtpReply reply) {
        byte[] copy = new byte[length];
        in.getBytes(start, copy);
        int coldest = 0;
        for (int i = 1; i < CACHE_SLOTS; i++) {
            if (lastUsed[i] < lastUsed[coldest]) {
                coldest = i;
            }
        }
        cachedLines[coldest] = Unpooled.wrappedBuffer(copy);
        cachedReplies[coldest] = reply;
        lastUsed[coldest] = ++tick;
    }

    private static SmtpProtocolException garbage(ByteBuf in, int start, int length, String why) {
        return new SmtpProtocolException("not an SMTP reply (" + why + "): " + WireText.escape(in, start, length, 120));
    }
}
