package dev.salvo.spool;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The spool's keys. Content: the 16 id bytes. Recipient: the 16 id bytes then the sequence as four
 * big-endian bytes, so RocksDB's bytewise order keeps one content's recipients together and in order,
 * and [id, id + 1) is the range of all of them.
 */
final class Keys {
    static final int RECIPIENT_BYTES = ContentId.BYTES + Integer.BYTES;

    private Keys() {}

    /** The meta key of a campaign's progress record: "campaign:" and the id in UTF-8. */
    static byte[] campaign(String id) {
        return ("campaign:" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] content(ContentId id) {
        ByteBuffer b = ByteBuffer.allocate(ContentId.BYTES);
        id.write(b);
        return b.array();
    }

    static byte[] recipient(RecipientKey key) {
        ByteBuffer b = ByteBuffer.allocate(RECIPIENT_BYTES);
        key.content().write(b);
        return b.putInt(key.sequence()).array();
    }

    /** The first recipient key of the content after {@code id}: the exclusive end of id's range. */
    static byte[] recipientsEnd(ContentId id) {
        byte[] end = content(id);
        for (int i = end.length - 1; i >= 0; i--) {
            if (++end[i] != 0) {
                return end;
            }
        }
        // id was all 0xFF: no greater 16-byte prefix; a 17-byte key of 0xFF sorts after every key of id.
        byte[] last = new byte[ContentId.BYTES + 1 + Integer.BYTES];
        Arrays.fill(last, (byte) 0xFF);
        return last;
    }

    static RecipientKey readRecipient(byte[] key) {
        if (key.length != RECIPIENT_BYTES) {
            throw new IllegalStateException("a recipient key has " + RECIPIENT_BYTES + " bytes, not " + key.length);
        }
        ByteBuffer b = ByteBuffer.wrap(key);
        return new RecipientKey(new ContentId(b.getLong(), b.getLong()), b.getInt());
    }

    static ContentId readContent(byte[] key) {
        if (key.length != ContentId.BYTES) {
            throw new IllegalStateException("a content key has " + ContentId.BYTES + " bytes, not " + key.length);
        }
        return ContentId.read(key);
    }
}
