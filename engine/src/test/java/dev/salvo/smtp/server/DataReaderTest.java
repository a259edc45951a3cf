package dev.salvo.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Dot-unstuffing and the end of DATA, byte for byte (RFC 5321 §4.5.2, §4.1.1.4). */
class DataReaderTest {

    private static ByteBuf ascii(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void stopsRightAfterTheTerminatorAndLeavesPipelinedCommands() {
        InboundMessage content = new InboundMessage(ByteBufAllocator.DEFAULT, 1000);
        DataReader reader = new DataReader(content);
        ByteBuf in = ascii("a\r\n..b\r\n.c\r\n.\r\nQUIT\r\n");
        try {
            assertThat(reader.read(in)).isTrue();
            assertThat(in.toString(StandardCharsets.US_ASCII)).isEqualTo("QUIT\r\n");
            assertThat(new String(content.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo("a\r\n.b\r\nc\r\n");
            assertThat(reader.octetsRead()).isEqualTo("a\r\n..b\r\n.c\r\n.\r\n".length());
            assertThat(reader.lineTooLong()).isFalse();
        } finally {
            in.release();
            content.release();
        }
    }

    @Test
    void aDotNotAtTheStartOfALineIsContent() {
        InboundMessage content = new InboundMessage(ByteBufAllocator.DEFAULT, 1000);
        DataReader reader = new DataReader(content);
        ByteBuf first = ascii("x.\r\n");
        ByteBuf partial = ascii(".");
        ByteBuf rest = ascii("\r\n");
        try {
            assertThat(reader.read(first)).isFalse();
            // A lone "." may be the start of the terminator: it waits for more.
            assertThat(reader.read(partial)).isFalse();
            assertThat(partial.readableBytes()).isEqualTo(1);
            ByteBuf joined = Unpooled.wrappedBuffer(partial.retain(), rest.retain());
            assertThat(reader.read(joined)).isTrue();
            joined.release();
            assertThat(new String(content.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo("x.\r\n");
        } finally {
            first.release();
            partial.release();
            rest.release();
            content.release();
        }
    }

    @Test
    void longLinesAndOversizedContentAreNotedNotKept() {
        InboundMessage content = new InboundMessage(ByteBufAllocator.DEFAULT, 10);
        DataReader reader = new DataReader(content);
        ByteBuf in = ascii("z".repeat(2500) + "\r\n.\r\n");
        try {
            assertThat(reader.read(in)).isTrue();
            assertThat(reader.lineTooLong()).isTrue();
            assertThat(content.oversized()).isTrue();
            assertThat(content.toByteArray()).hasSize(0);
        } finally {
            in.release();
            content.release();
        }
    }
}
