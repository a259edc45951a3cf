package dev.salvo.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Command-line framing: CRLF or bare LF, and the 512-octet limit of RFC 5321 §4.5.3.1.4. */
class InboundBufferTest {

    private final InboundBuffer buffer = new InboundBuffer(ByteBufAllocator.DEFAULT);

    private void append(String s) {
        buffer.append(Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1));
    }

    private String next() {
        var line = buffer.nextLine();
        if (line == null) {
            return null;
        }
        return line == InboundBuffer.TOO_LONG ? "<too long>" : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void framesLinesAcrossReads() {
        try {
            append("NO");
            assertThat(next()).isNull();
            append("OP\r\nRSET\nQU");
            assertThat(next()).isEqualTo("NOOP");
            assertThat(next()).isEqualTo("RSET");
            assertThat(next()).isNull();
            buffer.compact();
            append("IT\r\n\r\n");
            assertThat(next()).isEqualTo("QUIT");
            assertThat(next()).isEmpty(); // an empty line is a (bad) command, not an overlong one
        } finally {
            buffer.release();
        }
    }

    @Test
    void overlongLinesAreSkippedWholeAndReportedOnce() {
        try {
            append("x".repeat(510) + "\r\n");
            assertThat(next()).hasSize(510);
            append("y".repeat(511) + "\r\n");
            assertThat(next()).isEqualTo("<too long>");
            append("z".repeat(700));
            assertThat(next()).isNull();
            buffer.compact();
            append("z".repeat(700));
            assertThat(next()).isNull();
            append("zz\r\nNOOP\r\n");
            assertThat(next()).isEqualTo("<too long>");
            assertThat(next()).isEqualTo("NOOP");
        } finally {
            buffer.release();
        }
    }

    @Test
    void discardAllDropsWhatWasPipelined() {
        try {
            append("STARTTLS\r\nRSET\r\n");
            assertThat(next()).isEqualTo("STARTTLS");
            buffer.discardAll();
            assertThat(next()).isNull();
            assertThat(buffer.isReadable()).isFalse();
        } finally {
            buffer.release();
        }
    }
}
