package dev.salvo.smtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Receives the content of one message, by DATA (RFC 5321 §4.1.1.4) or by BDAT chunks (RFC 3030),
 * and decides at its end whether it is refused. Owns the content buffer between commands; a
 * refusal ends the mail transaction. Confined to the session's event loop.
 */
final class MessageIntake {
    private final ByteBufAllocator alloc;
    private final long maxSize;
    private final InboundEnvelope transaction;
    private final SinkStats stats;
    private InboundMessage content;
    private DataReader dataReader;
    private ChunkReader chunkReader;
    private boolean lastChunk;
    /** Set when a BDAT chunk was refused for size: later chunks are read and refused too, up to LAST. */
    private ByteBuf chunkRefusal;

    MessageIntake(ByteBufAllocator alloc, long maxSize, InboundEnvelope transaction, SinkStats stats) {
        this.alloc = alloc;
        this.maxSize = maxSize;
        this.transaction = transaction;
        this.stats = stats;
    }

    /** True between a DATA's 354 or a BDAT command and the end of its octets. */
    boolean receiving() {
        return dataReader != null || chunkReader != null;
    }

    /** The reply to DATA; when it is the 354, {@link #receiving()} is now true. */
    ByteBuf beginData(String args) {
        if (!args.isEmpty()) {
            return Replies.SYNTAX.duplicate();
        }
        if (!transaction.started() || content != null) {
            return Replies.BAD_SEQUENCE.duplicate(); // also: DATA after BDAT chunks (RFC 3030 §2)
        }
        if (transaction.binaryMime()) {
            return Replies.BINARYMIME_NEEDS_BDAT.duplicate(); // RFC 3030 §3
        }
        if (!transaction.hasRecipients()) {
            return Replies.NO_VALID_RECIPIENTS.duplicate();
        }
        content = new InboundMessage(alloc, maxSize);
        dataReader = new DataReader(content);
        return Replies.START_MAIL_INPUT.duplicate();
    }

    /**
     * "BDAT size [LAST]" (RFC 3030 §2): null when the chunk is to be read (always, once the size is
     * known, even if it will be refused, so that the command stream stays in step), else the reply.
     */
    ByteBuf beginChunk(String args) {
        String[] words = EsmtpSyntax.words(args);
        if (words.length == 0 || words.length > 2 || !EsmtpSyntax.isSize(words[0])
                || (words.length == 2 && !words[1].equalsIgnoreCase("LAST"))) {
            // Without a size the chunk cannot be skipped; a syntax error is all that can be said.
            return Replies.SYNTAX.duplicate();
        }
        long size = Long.parseLong(words[0]);
        lastChunk = words.length == 2;
        if (!transaction.started()) {
            chunkRefusal = Replies.BAD_SEQUENCE;
        } else if (!transaction.hasRecipients()) {
            chunkRefusal = Replies.NO_VALID_RECIPIENTS;
        } else if (content == null && chunkRefusal == null) {
            content = new InboundMessage(alloc, maxSize);
        }
        chunkReader = new ChunkReader(chunkRefusal == null ? content : null, size);
        stats.bytesReceived(size);
        return null;
    }

    /** Consumes message octets from {@code in}; true when the DATA text or the chunk is complete. */
    boolean read(ByteBuf in) {
        return dataReader != null ? dataReader.read(in) : chunkReader.read(in);
    }

    /**
     * Called when {@link #read} returned true: the reply to send, or null when the message is
     * complete and accepted so far; then {@link #takeContent()}.
     */
    ByteBuf finish() {
        if (dataReader != null) {
            DataReader reader = dataReader;
            dataReader = null;
            stats.bytesReceived(reader.octetsRead());
            if (content.oversized()) {
                return refuse(Replies.SIZE_EXCEEDED);
            }
            return reader.lineTooLong() ? refuse(Replies.TEXT_LINE_TOO_LONG) : null;
        }
        chunkReader = null;
        if (chunkRefusal == null && content.oversized()) {
            chunkRefusal = Replies.SIZE_EXCEEDED;
        }
        if (chunkRefusal != null) {
            ByteBuf refusal = chunkRefusal;
            // RFC 3030 §2: a refused transaction is over; an oversized one stays refused up to LAST.
            return lastChunk || refusal != Replies.SIZE_EXCEEDED ? refuse(refusal) : refusal.duplicate();
        }
        return lastChunk ? null : Replies.CHUNK_RECEIVED.duplicate();
    }

    /** The complete message, ending the transaction. */
    ReceivedMessage takeMessage() {
        ReceivedMessage message = transaction.message(content.toByteArray());
        reset();
        return message;
    }

    /** Ends the transaction and frees the content (RSET, EHLO, TLS, or a refusal). */
    void reset() {
        transaction.reset();
        release();
        chunkRefusal = null;
    }

    /** Frees the content; the only cleanup needed when the connection closes. */
    void release() {
        if (content != null) {
            content.release();
            content = null;
        }
        dataReader = null;
        chunkReader = null;
    }

    private ByteBuf refuse(ByteBuf reply) {
        reset();
        return reply.duplicate();
    }
}
