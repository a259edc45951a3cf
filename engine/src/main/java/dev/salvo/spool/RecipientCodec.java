package dev.salvo.spool;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The on-disk form of a {@link SpooledRecipient}, version 1, big-endian:
 *
 * <pre>
 * u8  record version (1)      u8  state ordinal          u16 attempts (saturating)
 * i64 next attempt (millis)   i64 first seen (millis)    u16 last reply code
 * u8  enhanced length, bytes  u8  text length, bytes     u16 address length, bytes (UTF-8)
 * </pre>
 *
 * 26 bytes plus the address and the last reply. Version 2 (a campaign recipient) adds
 * {@code u32 fields length, fields} at the end: the merge fields its message is rendered from.
 * Records without fields are still written as version 1, and both are read. A record with an
 * unknown version or state is corruption, reported by {@link #decode} with an
 * {@link IllegalStateException}.
 */
final class RecipientCodec {
    static final byte VERSION = 1;
    static final byte VERSION_FIELDS = 2;
    private static final int FIXED = 1 + 1 + 2 + 8 + 8 + 2 + 1 + 1 + 2;
    private static final SpooledRecipient.State[] STATES = SpooledRecipient.State.values();

    private RecipientCodec() {}

    static byte[] encode(SpooledRecipient r) {
        byte[] enhanced = cut(r.lastEnhanced().getBytes(StandardCharsets.UTF_8), 0xFF);
        byte[] text = cut(r.lastText().getBytes(StandardCharsets.UTF_8), SpooledRecipient.MAX_TEXT_BYTES);
        byte[] fields = r.fields();
        ByteBuffer b = ByteBuffer.allocate(FIXED + enhanced.length + text.length + r.address().length
                + (fields == null ? 0 : Integer.BYTES + fields.length));
        b.put(fields == null ? VERSION : VERSION_FIELDS).put((byte) r.state().ordinal()).putShort((short) Math.min(r.attempts(), 0xFFFF));
        b.putLong(r.nextAttempt()).putLong(r.firstSeen()).putShort((short) r.lastCode());
        b.put((byte) enhanced.length).put(enhanced);
        b.put((byte) text.length).put(text);
        b.putShort((short) r.address().length).put(r.address());
        if (fields != null) {
            b.putInt(fields.length).put(fields);
        }
        return b.array();
    }

    static SpooledRecipient decode(byte[] value) {
        try {
            return read(ByteBuffer.wrap(value));
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException | NegativeArraySizeException e) {
            throw new IllegalStateException("a truncated or damaged recipient record (" + value.length + " bytes)", e);
        }
    }

    private static SpooledRecipient read(ByteBuffer b) {
        byte version = b.get();
        int state = b.get() & 0xFF;
        if (version != VERSION && version != VERSION_FIELDS || state >= STATES.length) {
            throw new IllegalStateException("unknown recipient record (version " + version + ", state " + state + ")");
        }
        int attempts = b.getShort() & 0xFFFF;
        long next = b.getLong();
        long firstSeen = b.getLong();
        int code = b.getShort() & 0xFFFF;
        String enhanced = string(b, b.get() & 0xFF);
        String text = string(b, b.get() & 0xFF);
        byte[] address = new byte[b.getShort() & 0xFFFF];
        b.get(address);
        byte[] fields = null;
        if (version == VERSION_FIELDS) {
            fields = new byte[b.getInt()];
            b.get(fields);
        }
        return new SpooledRecipient(address, attempts, next, firstSeen, code, enhanced, text, STATES[state], fields);
    }

    private static String string(ByteBuffer b, int length) {
        String s = new String(b.array(), b.position(), length, StandardCharsets.UTF_8);
        b.position(b.position() + length);
        return s;
    }

    /** Cuts at a character boundary: a UTF-8 continuation byte is never the first one dropped. */
    private static byte[] cut(byte[] utf8, int max) {
        if (utf8.length <= max) {
            return utf8;
        }
        int end = max;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        return Arrays.copyOf(utf8, end);
    }
}
