package dev.salvo.message;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * The hot-path byte routines: line-end normalisation and dot-stuffing in one pass.
 *
 * <p>Static and allocation-free. The scan finds line ends with {@link ByteBuf#forEachByte} and
 * copies the runs between the places that need changing with bulk {@code writeBytes}, so an input
 * that is already CRLF and has no line starting with '.' is copied by a single bulk write.
 */
public final class BodyEncoding {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DOT = '.';
    private static final short CRLF = (CR << 8) | LF;

    private BodyEncoding() {
    }

    /**
     * Copies src into dst normalising every bare CR, bare LF and CRLF to CRLF, and dot-stuffing
     * (a line beginning with '.' gets one more '.', RFC 5321 §4.5.2) when stuff is true; ensures
     * the output ends with CRLF. Reads src from readerIndex to writerIndex without moving it.
     *
     * <p>An empty src writes nothing: an empty body is sent as the bare terminator, and a CRLF
     * there would add an empty line the sender never wrote. dst must have room for
     * {@link #normalisedLength} bytes (it grows if it may; size it once to avoid that).
     */
    public static void normalise(ByteBuf src, ByteBuf dst, boolean stuff) {
        if (dst == null) {
            throw new NullPointerException("dst");
        }
        encode(src, dst, stuff);
    }

    /** The exact number of bytes {@link #normalise} writes for src, so dst can be allocated once. */
    public static int normalisedLength(ByteBuf src, boolean stuff) {
        long length = encode(src, null, stuff);
        if (length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("normalised length " + length + " exceeds a ByteBuf");
        }
        return (int) length;
    }

    /**
     * One scan serves both measuring (dst null) and writing, so the two can never disagree.
     * A run is the stretch of src, starting at runStart, that is copied unchanged; CRLF that is
     * already correct stays inside the run.
     */
    private static long encode(ByteBuf src, ByteBuf dst, boolean stuff) {
        final int end = src.writerIndex();
        int i = src.readerIndex();
        int runStart = i;
        long added = 0;
        boolean atLineStart = true;
        while (i < end) {
            if (stuff && src.getByte(i) == DOT) {
                // RFC 5321 §4.5.2: a line starting with '.' gets one more; the original '.' stays
                // in the next run, so only the extra one is written here.
                if (dst != null) {
                    dst.writeBytes(src, runStart, i - runStart).writeByte(DOT);
                }
                runStart = i;
                added++;
            }
            int lineEnd = src.forEachByte(i, end - i, ByteProcessor.FIND_CRLF);
            if (lineEnd < 0) {
                atLineStart = false;
                break;
            }
            if (src.getByte(lineEnd) == CR && lineEnd + 1 < end && src.getByte(lineEnd + 1) == LF) {
                i = lineEnd + 2; // already CRLF: keep it in the run
            } else {
                // Bare CR or bare LF: end the run before it and write CRLF in its place.
                if (dst != null) {
                    dst.writeBytes(src, runStart, lineEnd - runStart).writeShort(CRLF);
                }
                i = lineEnd + 1;
                runStart = i;
                added++;
            }
        }
        if (dst != null) {
            dst.writeBytes(src, runStart, end - runStart);
        }
        if (!atLineStart) {
            // The last line has no line end; SMTP content is a sequence of CRLF-terminated lines.
            if (dst != null) {
                dst.writeShort(CRLF);
            }
            added += 2;
        }
        return (long) (end - src.readerIndex()) + added;
    }
}
