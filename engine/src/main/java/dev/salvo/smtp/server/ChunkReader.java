package dev.salvo.smtp.server;

import io.netty.buffer.ByteBuf;

/**
 * Reads the octets of one BDAT chunk (RFC 3030 §2): exactly as many as announced, without any
 * interpretation. A chunk is always consumed in full, even when the command is refused, so the
 * command stream stays in step.
 */
final class ChunkReader {
    private final InboundMessage content;
    private long remaining;

    /** {@code content} may be null when the chunk is to be discarded. */
    ChunkReader(InboundMessage content, long size) {
        this.content = content;
        this.remaining = size;
    }

    /** Consumes from {@code in}; returns true once the whole chunk has been read. */
    boolean read(ByteBuf in) {
        int n = (int) Math.min(remaining, in.readableBytes());
        if (content != null) {
            content.append(in, in.readerIndex(), n);
        }
        in.skipBytes(n);
        remaining -= n;
        return remaining == 0;
    }
}
