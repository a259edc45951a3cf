package dev.salvo.smtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Reads message text after DATA's 354 up to the terminating CRLF.CRLF (RFC 5321 §4.1.1.4),
 * removing the leading dot that the client stuffed onto lines (§4.5.2), and noting any text line
 * longer than 998 octets plus CRLF (§4.5.3.1.6). Consumes only what belongs to the message, so
 * pipelined commands after the terminator stay in the buffer.
 */
final class DataReader {
    /** RFC 5321 §4.5.3.1.6: 998 octets of text plus CRLF. */
    static final int MAX_TEXT_LINE = 1000;

    private final InboundMessage content;
    private boolean atLineStart = true;
    private int lineLength;
    private boolean lineTooLong;
    private long octetsRead;

    DataReader(InboundMessage content) {
        this.content = content;
    }

    /** Consumes from {@code in}; returns true once the terminating "." line has been read. */
    boolean read(ByteBuf in) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int lf = in.forEachByte(ByteProcessor.FIND_LF);
            if (lf < 0) {
                // An unfinished line: keep short ones buffered (it may be the terminator), take long ones now.
                if (in.readableBytes() < MAX_TEXT_LINE) {
                    return false;
                }
                take(in, in.readableBytes(), false);
                continue;
            }
            int length = lf + 1 - start;
            if (atLineStart && length == 3 && in.getByte(start) == '.' && in.getByte(start + 1) == '\r') {
                in.skipBytes(3);
                octetsRead += 3;
                return true;
            }
            take(in, length, true);
        }
        return false;
    }

    boolean lineTooLong() {
        return lineTooLong;
    }

    long octetsRead() {
        return octetsRead;
    }

    private void take(ByteBuf in, int length, boolean endsLine) {
        int start = in.readerIndex();
        octetsRead += length;
        lineLength += length;
        if (atLineStart && in.getByte(start) == '.') {
            // RFC 5321 §4.5.2: drop the first dot of a line that starts with one.
            start++;
            length--;
            lineLength--;
        }
        content.append(in, start, length);
        in.readerIndex(start + length);
        if (lineLength > MAX_TEXT_LINE) {
            lineTooLong = true;
        }
        atLineStart = endsLine;
        if (endsLine) {
            lineLength = 0;
        }
    }
}
