package dev.salvo.smtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.EmptyByteBuf;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;

/**
 * The bytes a session has read but not yet consumed, and the command-line framing over them.
 * Owns its cumulation: {@link #release()} when the channel goes inactive. Confined to the event loop.
 */
final class InboundBuffer {
    /** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets, CRLF included. */
    static final int MAX_COMMAND_LINE = 512;
    /** Returned by {@link #nextLine()} for a line over the limit; compared by identity, never read. */
    static final ByteBuf TOO_LONG = new EmptyByteBuf(ByteBufAllocator.DEFAULT);

    private final ByteBufAllocator alloc;
    private ByteBuf cumulation;
    /** True while skipping the rest of an overlong line, up to its LF. */
    private boolean skippingLongLine;

    InboundBuffer(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /** Takes ownership of {@code in}. */
    void append(ByteBuf in) {
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
    }

    boolean isReadable() {
        return cumulation != null && cumulation.isReadable();
    }

    /** The readable bytes; valid until the next call to {@link #append} or {@link #compact}. */
    ByteBuf bytes() {
        return cumulation;
    }

    /**
     * The next command line without its line ending (CRLF, or a bare LF, tolerated), as a slice that
     * is valid until the next call that changes this buffer; {@link #TOO_LONG} once an overlong line has
     * been skipped entirely; or {@code null} when no complete line is buffered yet.
     */
    ByteBuf nextLine() {
        if (!isReadable()) {
            return null;
        }
        int start = cumulation.readerIndex();
        int lf = cumulation.forEachByte(ByteProcessor.FIND_LF);
        if (skippingLongLine) {
            if (lf < 0) {
                cumulation.skipBytes(cumulation.readableBytes());
                return null;
            }
            cumulation.readerIndex(lf + 1);
            skippingLongLine = false;
            return TOO_LONG;
        }
        if (lf < 0) {
            if (cumulation.readableBytes() >= MAX_COMMAND_LINE) {
                skippingLongLine = true;
                cumulation.skipBytes(cumulation.readableBytes());
            }
            return null;
        }
        if (lf + 1 - start > MAX_COMMAND_LINE) {
            cumulation.readerIndex(lf + 1);
            return TOO_LONG;
        }
        int end = lf > start && cumulation.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        ByteBuf line = cumulation.slice(start, end - start);
        cumulation.readerIndex(lf + 1);
        return line;
    }

    /** Drops everything buffered (RFC 3207 §6: nothing sent before TLS may be acted on after it). */
    void discardAll() {
        if (cumulation != null) {
            cumulation.skipBytes(cumulation.readableBytes());
        }
        skippingLongLine = false;
    }

    /** Frees consumed bytes once a read has been processed. */
    void compact() {
        if (cumulation != null && !cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        } else if (cumulation != null) {
            cumulation.discardSomeReadBytes();
        }
    }

    void release() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
