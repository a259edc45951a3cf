package dev.salvo.spool;

import java.util.Objects;

/**
 * One recipient of one content: the content id and the recipient's position in it. On disk the key
 * is the 16 id bytes then the sequence big-endian, so a campaign's recipients are contiguous and
 * in submission order.
 */
public record RecipientKey(ContentId content, int sequence) implements Comparable<RecipientKey> {
    public RecipientKey {
        Objects.requireNonNull(content, "content");
        if (sequence < 0) {
            // Big-endian keys sort as unsigned bytes; a negative sequence would sort last.
            throw new IllegalArgumentException("a recipient sequence is never negative: " + sequence);
        }
    }

    @Override
    public int compareTo(RecipientKey o) {
        int c = content.compareTo(o.content);
        return c != 0 ? c : Integer.compare(sequence, o.sequence);
    }
}
