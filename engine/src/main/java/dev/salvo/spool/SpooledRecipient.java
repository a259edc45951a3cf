package dev.salvo.spool;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the spool keeps of one recipient that is not final yet: its address, how often it was
 * tried, when it may go next, when it was first accepted, the last transient reply, and its state.
 * The spool never reads these fields; it stores them compactly ({@link RecipientCodec}) and gives
 * them back on {@link Spool#scan}.
 *
 * @param address the address as UTF-8 bytes, validated by the engine before it is spooled; not copied
 * @param nextAttempt epoch milliseconds; 0 for "as soon as possible"
 * @param firstSeen epoch milliseconds when the recipient was accepted: the start of its maximum age
 * @param lastCode the last transient reply's code, or 0 for none
 * @param lastEnhanced its RFC 3463 enhanced code ("4.2.1"), or "" for none
 * @param lastText its text, kept to {@link #MAX_TEXT_BYTES} bytes of UTF-8
 * @param fields what the engine needs to render this recipient's message from its campaign's
 *     template (the merge-field values), or null when its content is a message of its own; not copied
 */
public record SpooledRecipient(byte[] address, int attempts, long nextAttempt, long firstSeen, int lastCode,
        String lastEnhanced, String lastText, State state, byte[] fields) {
    /** Longer reply texts are cut: the spool keeps enough to report an expiry, not a transcript. */
    public static final int MAX_TEXT_BYTES = 200;

    public enum State {
        /** Accepted, never tried. */
        QUEUED,
        /** Tried, got a transient failure, waiting for {@code nextAttempt}. */
        DEFERRED,
        /**
         * Handed to a server and not yet answered. Found so after a restart, the recipient may have
         * been delivered just before the process stopped: it is sent again and reported as a
         * possible duplicate.
         */
        SENDING
    }

    public SpooledRecipient {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(lastEnhanced, "lastEnhanced");
        Objects.requireNonNull(lastText, "lastText");
        Objects.requireNonNull(state, "state");
        if (address.length == 0 || address.length > 0xFFFF) {
            throw new IllegalArgumentException("a spooled address has 1 to 65535 bytes, not " + address.length);
        }
    }

    public SpooledRecipient(byte[] address, int attempts, long nextAttempt, long firstSeen, int lastCode, String lastEnhanced,
            String lastText, State state) {
        this(address, attempts, nextAttempt, firstSeen, lastCode, lastEnhanced, lastText, state, null);
    }

    /** A campaign recipient just accepted, never tried, with its merge fields. */
    public static SpooledRecipient queued(byte[] address, long firstSeen, byte[] fields) {
        return new SpooledRecipient(address, 0, 0, firstSeen, 0, "", "", State.QUEUED, fields);
    }

    /** A recipient just accepted, never tried. */
    public static SpooledRecipient queued(byte[] address, long firstSeen) {
        return new SpooledRecipient(address, 0, 0, firstSeen, 0, "", "", State.QUEUED);
    }

    /** This recipient after one more transient failure. */
    public SpooledRecipient deferred(long nextAttempt, int code, String enhanced, String text) {
        return new SpooledRecipient(address, attempts + 1, nextAttempt, firstSeen, code, enhanced, text, State.DEFERRED, fields);
    }

    /** This recipient as it goes to a server, for its {@code attempts}-th try. */
    public SpooledRecipient sending(int attempts, long nextAttempt) {
        return new SpooledRecipient(address, attempts, nextAttempt, firstSeen, lastCode, lastEnhanced, lastText, State.SENDING, fields);
    }

    public String addressText() {
        return new String(address, StandardCharsets.UTF_8);
    }

    // A record compares arrays by identity; a recipient read back from disk must equal the one written.
    @Override
    public boolean equals(Object o) {
        return o instanceof SpooledRecipient r && Arrays.equals(address, r.address) && attempts == r.attempts
                && nextAttempt == r.nextAttempt && firstSeen == r.firstSeen && lastCode == r.lastCode
                && lastEnhanced.equals(r.lastEnhanced) && lastText.equals(r.lastText) && state == r.state
                && Arrays.equals(fields, r.fields);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + Long.hashCode(nextAttempt) * 7 + attempts;
    }

    @Override
    public String toString() {
        return addressText() + " " + state + " attempts=" + attempts + " next=" + nextAttempt
                + (lastCode == 0 ? "" : " last=" + lastCode + " " + lastEnhanced + " " + lastText);
    }
}
