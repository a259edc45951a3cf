package dev.salvo.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.IllegalReferenceCountException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One message's content, CRLF-normalised and prepared once, shared by every connection that
 * sends it.
 *
 * <p>Ownership: this object holds one reference to each payload buffer and releases them when its
 * own count reaches zero. {@link #dataPayload()} and {@link #bdatPayload()} hand out retained
 * duplicates, so every connection gets its own indices over the same memory and no bytes are
 * copied per send; a payload in flight keeps the memory alive after the owner releases.
 *
 * <p>When no line starts with '.', the stuffed and unstuffed bodies are identical, so one buffer
 * serves both and the BDAT payload is a slice of the DATA payload without the terminator.
 */
public final class MessageContent extends AbstractReferenceCounted {
    /** The largest message accepted, before or after normalisation. */
    public static final int MAX_SIZE = 64 * 1024 * 1024;

    /** RFC 5321 §4.1.1.4: the data ends with a line holding only "." (the CRLF before it ends the last line). */
    private static final byte[] TERMINATOR = {'.', '\r', '\n'};

    private final ByteBuf data;
    private final ByteBuf bdat;
    private final boolean bdatShared;
    private final int size;
    private final MessageSyntax syntax;

    private MessageContent(ByteBuf data, ByteBuf bdat, boolean bdatShared, int size, MessageSyntax syntax) {
        this.data = data;
        this.bdat = bdat;
        this.bdatShared = bdatShared;
        this.size = size;
        this.syntax = syntax;
    }

    /** Validates, normalises and dot-stuffs once; throws InvalidMessageException naming the problem. */
    public static MessageContent of(byte[] rfc5322) {
        if (rfc5322 == null) {
            throw new InvalidMessageException("message is missing (null)");
        }
        checkSize(rfc5322.length, "");
        return prepare(Unpooled.wrappedBuffer(rfc5322), MessageSyntax.check(rfc5322));
    }

    /**
     * Prepares a message that the caller has already validated, such as one rendered from a
     * checked template: normalises line ends and dot-stuffs once, skipping the RFC 5322 scan of
     * {@link #of}. The caller vouches for the three facts that scan would have found.
     *
     * <p>Reads message from readerIndex to writerIndex without moving it or taking ownership: the
     * caller still releases message (it may be a pooled scratch buffer, reused at once).
     *
     * @param messageId the Message-ID without angle brackets, or null when there is none
     */
    public static MessageContent ofTrusted(ByteBuf message, boolean eightBit, boolean headersUtf8, String messageId) {
        checkSize(message.readableBytes(), "");
        return prepare(message, new MessageSyntax(eightBit, headersUtf8, messageId));
    }

    /**
     * Takes a message that is already in its wire form, as a campaign template renders it: every
     * line ends in CRLF and no line starts with '.', so the DATA and BDAT payloads are the same
     * bytes and neither normalisation nor dot-stuffing has anything to do. Appends the terminator
     * and takes ownership of wire (released with this content; on an exception, released here).
     * The caller vouches for the form; a debug build (-ea) checks it.
     *
     * @param wire the message from readerIndex 0, ending in CRLF
     * @param messageId the Message-ID without angle brackets, or null when there is none
     */
    public static MessageContent ofWireReady(ByteBuf wire, boolean eightBit, boolean headersUtf8, String messageId) {
        try {
            int size = wire.readableBytes();
            checkSize(size, "");
            assert wire.readerIndex() == 0 && BodyEncoding.normalisedLength(wire, true) == size
                    : "not in wire form: a bare line end, a missing final CRLF or a line starting with '.'";
            wire.writeBytes(TERMINATOR);
            return new MessageContent(wire, wire.slice(0, size), true, size,
                    new MessageSyntax(eightBit, headersUtf8, messageId));
        } catch (RuntimeException | Error e) {
            wire.release();
            throw e;
        }
    }

    private static MessageContent prepare(ByteBuf src, MessageSyntax syntax) {
        int size = BodyEncoding.normalisedLength(src, false);
        checkSize(size, " after line ends are normalised to CRLF");
        int stuffedSize = BodyEncoding.normalisedLength(src, true);
        boolean shared = stuffedSize == size;
        ByteBuf data = null;
        ByteBuf bdat = null;
        try {
            int dataSize = stuffedSize + TERMINATOR.length;
            data = PooledByteBufAllocator.DEFAULT.directBuffer(dataSize, dataSize);
            BodyEncoding.normalise(src, data, true);
            data.writeBytes(TERMINATOR);
            assert data.writerIndex() == dataSize : "normalisedLength disagrees with normalise";
            if (shared) {
                bdat = data.slice(0, size);
            } else {
                bdat = PooledByteBufAllocator.DEFAULT.directBuffer(size, size);
                BodyEncoding.normalise(src, bdat, false);
            }
            return new MessageContent(data, bdat, shared, size, syntax);
        } catch (RuntimeException | Error e) {
            if (data != null) {
                data.release();
            }
            if (bdat != null && !shared) {
                bdat.release();
            }
            throw e;
        }
    }

    /** Reads and prepares a message file; errors name the file and what is wrong with it. */
    public static MessageContent fromFile(Path file) {
        String name = InvalidMessageException.quote(String.valueOf(file));
        byte[] raw;
        try {
            if (Files.isDirectory(file)) {
                throw new InvalidMessageException("message file " + name + " is a directory, not a message file");
            }
            checkSize(Files.size(file), " (file " + name + ")");
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidMessageException("message file " + name + " does not exist");
        } catch (AccessDeniedException e) {
            throw new InvalidMessageException("message file " + name + " is not readable: permission denied");
        } catch (IOException e) {
            throw new InvalidMessageException("message file " + name + " could not be read: " + e);
        }
        try {
            return of(raw);
        } catch (InvalidMessageException e) {
            throw new InvalidMessageException("message file " + name + ": " + e.getMessage());
        }
    }

    private static void checkSize(long octets, String context) {
        if (octets > MAX_SIZE) {
            throw new InvalidMessageException("message is " + octets + " octets" + context + "; the limit is 64 MiB ("
                    + MAX_SIZE + " octets). Send large files as links rather than attachments");
        }
    }

    /**
     * DATA payload: CRLF-normalised, dot-stuffed body followed by the terminating ".\r\n"
     * (RFC 5321 §4.1.1.4, §4.5.2). Returns a retained duplicate: the caller owns it and releases
     * it (normally by writing it to a channel). Do not modify its bytes; they are shared.
     */
    public ByteBuf dataPayload() {
        ensureAccessible();
        return data.retainedDuplicate();
    }

    /** BDAT payload: CRLF-normalised, not dot-stuffed (RFC 3030 §2). Retained duplicate, caller releases. */
    public ByteBuf bdatPayload() {
        ensureAccessible();
        return bdat.retainedDuplicate();
    }

    /** Octets of the CRLF-normalised message (not stuffed): what SIZE= declares (RFC 1870). */
    public int size() {
        return size;
    }

    /** Any octet >= 0x80: the MAIL command needs BODY=8BITMIME (RFC 6152). */
    public boolean has8BitContent() {
        return syntax.eightBit;
    }

    /** Non-ASCII in the header section (RFC 6532): the transaction needs SMTPUTF8 (RFC 6531). */
    public boolean headersNeedSmtpUtf8() {
        return syntax.headersUtf8;
    }

    /** The first Message-ID header's value without the angle brackets, or null when there is none. */
    public String messageIdHeader() {
        return syntax.messageId;
    }

    private void ensureAccessible() {
        // Without this check a released owner would fail deep inside the buffer with a less
        // helpful message, or, if a payload still holds the memory, silently hand out more.
        if (refCnt() == 0) {
            throw new IllegalReferenceCountException(0);
        }
    }

    @Override
    public MessageContent retain() {
        super.retain();
        return this;
    }

    @Override
    public MessageContent retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public MessageContent touch() {
        super.touch();
        return this;
    }

    @Override
    public MessageContent touch(Object hint) {
        data.touch(hint);
        if (!bdatShared) {
            bdat.touch(hint);
        }
        return this;
    }

    @Override
    protected void deallocate() {
        data.release();
        if (!bdatShared) {
            bdat.release();
        }
    }

    @Override
    public String toString() {
        return "MessageContent(" + size + " octets, Message-ID " + syntax.messageId + ", refCnt " + refCnt() + ")";
    }
}
