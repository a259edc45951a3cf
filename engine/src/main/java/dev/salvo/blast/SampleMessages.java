package dev.salvo.blast;

import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * One prepared message per size, built once and shared by every send: the client sends slices of
 * the same buffers, so a blast measures the server and the network, not our copying. Close it
 * after the client has shut down; that releases the contents.
 */
final class SampleMessages implements AutoCloseable {
    /** RFC 5322 §2.1.1: lines SHOULD stay within 78 characters; the body is lines of 76 plus CRLF. */
    private static final int LINE = 76;

    private final MessageContent[] contents;

    SampleMessages(int[] sizes, EmailAddress from, EmailAddress to) {
        contents = new MessageContent[sizes.length];
        try {
            for (int i = 0; i < sizes.length; i++) {
                contents[i] = MessageContent.of(build(sizes[i], from, to, i));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    MessageContent content(int sizeIndex) {
        return contents[sizeIndex];
    }

    /** Octets on the wire for this size (before dot-stuffing, which the body never needs). */
    int octets(int sizeIndex) {
        return contents[sizeIndex].size();
    }

    /**
     * A message of exactly {@code size} octets when the headers leave room; smaller sizes get the
     * headers and a one-line body, since a message without them is not a fair test of a server.
     */
    static byte[] build(int size, EmailAddress from, EmailAddress to, int variant) {
        String domain = from.address().substring(from.address().lastIndexOf('@') + 1);
        String headers = "From: " + from.address() + "\r\n"
                + "To: " + to.address() + "\r\n"
                + "Subject: salvo blast, " + size + " octets\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\n"
                + "Message-ID: <blast-" + size + "-" + variant + "-" + System.nanoTime() + "@" + domain + ">\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n";
        byte[] head = headers.getBytes(StandardCharsets.US_ASCII);
        int body = Math.max(size - head.length, 3);
        byte[] out = Arrays.copyOf(head, head.length + body);
        // Fill with full lines of 'x', then a shorter last line; every line ends in CRLF and none starts with '.'.
        int at = head.length;
        int end = out.length;
        while (at < end) {
            int room = end - at;
            int text = Math.min(LINE, room - 2);
            if (room - (text + 2) == 1 || room - (text + 2) == 2) {
                text -= 3; // never leave a remainder too short for its own "x\r\n"
            }
            Arrays.fill(out, at, at + text, (byte) 'x');
            out[at + text] = '\r';
            out[at + text + 1] = '\n';
            at += text + 2;
        }
        return out;
    }

    @Override
    public void close() {
        for (MessageContent c : contents) {
            if (c != null && c.refCnt() > 0) {
                c.release();
            }
        }
    }
}
