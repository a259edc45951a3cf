package dev.salvo.smtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * The content of the message being received, bounded by the size limit: octets past the limit are
 * counted but not kept. Owns one buffer; {@link #release()} it on every path.
 */
final class InboundMessage {
    private final long maxSize;
    private final ByteBuf bytes;
    private long size;

    InboundMessage(ByteBufAllocator alloc, long maxSize) {
        this.maxSize = maxSize;
        this.bytes = alloc.buffer();
    }

    void append(ByteBuf in, int index, int length) {
        size += length;
        if (size <= maxSize) {
            bytes.writeBytes(in, index, length);
        }
    }

    boolean oversized() {
        return size > maxSize;
    }

    byte[] toByteArray() {
        return ByteBufUtil.getBytes(bytes);
    }

    void release() {
        bytes.release();
    }
}
