package dev.salvo.bounce;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the messages of a file: an mbox (RFC 4155: each message starts with a "From " line) or,
 * when the file does not start with "From ", a single message (.eml). Streams: one message in
 * memory at a time. Quoting is undone the mboxrd way: a line of one or more '>' then "From " loses
 * one '>' (this also reads mboxo files right, except for lines that really began with ">From ").
 */
public final class MboxReader {
    /** Receives each message's bytes; may throw to stop. */
    @FunctionalInterface
    public interface MessageConsumer {
        void accept(byte[] message) throws IOException;
    }

    private MboxReader() {}

    /** Returns how many messages were read. */
    public static long forEach(Path file, MessageConsumer each) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            byte[] first = in.readNBytes(5);
            if (!new String(first, java.nio.charset.StandardCharsets.ISO_8859_1).equals("From ")) {
                ByteArrayOutputStream whole = new ByteArrayOutputStream();
                whole.write(first);
                in.transferTo(whole);
                if (whole.size() == 0) {
                    return 0;
                }
                each.accept(whole.toByteArray());
                return 1;
            }
            skipLine(in); // the rest of the first "From " separator line
            long count = 0;
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean previousBlank = true;
            while (readLine(in, line)) {
                byte[] l = line.toByteArray();
                if (previousBlank && startsWith(l, 0, "From ")) {
                    count += emit(message, each);
                    previousBlank = true;
                    continue;
                }
                previousBlank = isBlank(l);
                int gt = 0;
                while (gt < l.length && l[gt] == '>') {
                    gt++;
                }
                if (gt > 0 && startsWith(l, gt, "From ")) {
                    message.write(l, 1, l.length - 1);
                } else {
                    message.write(l);
                }
            }
            return count + emit(message, each);
        }
    }

    private static int emit(ByteArrayOutputStream message, MessageConsumer each) throws IOException {
        byte[] m = message.toByteArray();
        message.reset();
        int end = m.length;
        // The blank line before the next "From " belongs to the mbox, not to the message.
        if (end >= 2 && m[end - 1] == '\n' && m[end - 2] == '\n') {
            end--;
        } else if (end >= 4 && m[end - 1] == '\n' && m[end - 2] == '\r' && m[end - 3] == '\n') {
            end -= 2;
        }
        if (end == 0) {
            return 0;
        }
        each.accept(end == m.length ? m : java.util.Arrays.copyOf(m, end));
        return 1;
    }

    /** Reads one line including its LF into {@code line}; false at the end of input with nothing read. */
    private static boolean readLine(InputStream in, ByteArrayOutputStream line) throws IOException {
        line.reset();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                return true;
            }
        }
        return line.size() > 0;
    }

    private static void skipLine(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            // skip
        }
    }

    private static boolean startsWith(byte[] l, int at, String prefix) {
        if (l.length - at < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (l[at + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte[] l) {
        return l.length == 1 && l[0] == '\n' || l.length == 2 && l[0] == '\r' && l[1] == '\n';
    }
}
