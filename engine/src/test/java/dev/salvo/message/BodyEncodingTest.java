package dev.salvo.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BodyEncodingTest {

    /** input, normalised without stuffing, normalised with stuffing. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("", "", ""),
                Arguments.of("a", "a\r\n", "a\r\n"),
                Arguments.of("a\r\n", "a\r\n", "a\r\n"),
                Arguments.of("a\n", "a\r\n", "a\r\n"),
                Arguments.of("a\r", "a\r\n", "a\r\n"),
                Arguments.of("a\rb", "a\r\nb\r\n", "a\r\nb\r\n"),
                Arguments.of("a\n\rb", "a\r\n\r\nb\r\n", "a\r\n\r\nb\r\n"),
                Arguments.of("a\r\r\n", "a\r\n\r\n", "a\r\n\r\n"),
                Arguments.of("a\n\n", "a\r\n\r\n", "a\r\n\r\n"),
                Arguments.of("\n", "\r\n", "\r\n"),
                Arguments.of("\r", "\r\n", "\r\n"),
                Arguments.of("\r\n", "\r\n", "\r\n"),
                Arguments.of("\n\r", "\r\n\r\n", "\r\n\r\n"),
                Arguments.of("a\r\nb\nc\rd", "a\r\nb\r\nc\r\nd\r\n", "a\r\nb\r\nc\r\nd\r\n"),
                Arguments.of(".", ".\r\n", "..\r\n"),
                Arguments.of(".\r\n", ".\r\n", "..\r\n"),
                Arguments.of("..\r\n", "..\r\n", "...\r\n"),
                Arguments.of("...", "...\r\n", "....\r\n"),
                Arguments.of("a\r\n.\r\n", "a\r\n.\r\n", "a\r\n..\r\n"),
                Arguments.of("a\r\n.b\r\n", "a\r\n.b\r\n", "a\r\n..b\r\n"),
                Arguments.of("a\n.\n", "a\r\n.\r\n", "a\r\n..\r\n"),
                Arguments.of("a\r.b", "a\r\n.b\r\n", "a\r\n..b\r\n"),
                Arguments.of("a\r\n.", "a\r\n.\r\n", "a\r\n..\r\n"),
                Arguments.of("a.b\r\n. \r\n", "a.b\r\n. \r\n", "a.b\r\n.. \r\n"),
                Arguments.of(" .x\r\n", " .x\r\n", " .x\r\n"),
                Arguments.of("\r\n.\r\n.\r\n", "\r\n.\r\n.\r\n", "\r\n..\r\n..\r\n"),
                Arguments.of(".\n.\r.", ".\r\n.\r\n.\r\n", "..\r\n..\r\n..\r\n"),
                Arguments.of("caf\u00e9\n", "caf\u00e9\r\n", "caf\u00e9\r\n"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void normalisesAndStuffsByteExactOverEveryBufferShape(String input, String plain, String stuffed) {
        byte[] in = input.getBytes(StandardCharsets.UTF_8);
        for (Function<byte[], ByteBuf> shape : shapes(in)) {
            assertEncodes(shape.apply(in), false, plain);
            assertEncodes(shape.apply(in), true, stuffed);
        }
    }

    @Test
    void randomInputsMatchAReferenceAndTheirPredictedLength() {
        Random random = new Random(0x5a1f0);
        byte[] alphabet = {'a', 'b', '.', '.', '\r', '\n', ' ', (byte) 0xc3};
        for (int round = 0; round < 3000; round++) {
            byte[] in = new byte[random.nextInt(120)];
            for (int i = 0; i < in.length; i++) {
                in[i] = alphabet[random.nextInt(alphabet.length)];
            }
            for (boolean stuff : new boolean[] {false, true}) {
                byte[] expected = reference(in, stuff);
                ByteBuf src = split(in, random.nextInt(in.length + 1));
                try {
                    int predicted = BodyEncoding.normalisedLength(src, stuff);
                    ByteBuf dst = Unpooled.buffer(predicted, predicted);
                    try {
                        BodyEncoding.normalise(src, dst, stuff);
                        assertThat(predicted).as("length of %s", show(in)).isEqualTo(dst.readableBytes());
                        assertThat(ByteBufUtil.getBytes(dst)).as("output for %s", show(in)).isEqualTo(expected);
                    } finally {
                        dst.release();
                    }
                } finally {
                    src.release();
                }
            }
        }
    }

    @Test
    void leavesTheSourceIndicesAlone() {
        ByteBuf src = Unpooled.copiedBuffer("xx.a\nb\ryy", StandardCharsets.US_ASCII);
        ByteBuf dst = Unpooled.buffer();
        try {
            src.setIndex(2, 7);
            BodyEncoding.normalise(src, dst, true);
            assertThat(src.readerIndex()).isEqualTo(2);
            assertThat(src.writerIndex()).isEqualTo(7);
            assertThat(dst.toString(StandardCharsets.US_ASCII)).isEqualTo("..a\r\nb\r\n");
        } finally {
            src.release();
            dst.release();
        }
    }

    @Test
    void appendsToWhatDstAlreadyHolds() {
        ByteBuf src = Unpooled.copiedBuffer("x\n", StandardCharsets.US_ASCII);
        ByteBuf dst = Unpooled.buffer().writeBytes(new byte[] {'>'});
        try {
            BodyEncoding.normalise(src, dst, false);
            assertThat(dst.toString(StandardCharsets.US_ASCII)).isEqualTo(">x\r\n");
        } finally {
            src.release();
            dst.release();
        }
    }

    /**
     * A guard for the hot-path promise; the JMH benchmark with -prof gc is the real proof. The
     * buffers come from an allocator without leak tracking, because PARANOID tracking records a
     * trace (an allocation) on every access.
     */
    @Test
    void allocatesNothingPerCall() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        UnpooledByteBufAllocator untracked = new UnpooledByteBufAllocator(true, true);
        byte[] in = ("Subject: x\n\n" + "line one\r\n.dot\rbare cr\nbare lf\r\n".repeat(200) + "tail")
                .getBytes(StandardCharsets.US_ASCII);
        CompositeByteBuf src = untracked.compositeBuffer();
        src.addComponent(true, untracked.heapBuffer(in.length).writeBytes(in, 0, 1001));
        src.addComponent(true, untracked.directBuffer(in.length).writeBytes(in, 1001, in.length - 1001));
        int length = BodyEncoding.normalisedLength(src, true);
        ByteBuf dst = untracked.directBuffer(length, length);
        try {
            for (int i = 0; i < 20_000; i++) {
                dst.clear();
                BodyEncoding.normalise(src, dst, (i & 1) == 0);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 2_000; i++) {
                dst.clear();
                BodyEncoding.normalise(src, dst, (i & 1) == 0);
                BodyEncoding.normalisedLength(src, true);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated by 2,000 calls").isLessThan(4096);
        } finally {
            dst.release();
            src.release();
        }
    }

    private static void assertEncodes(ByteBuf src, boolean stuff, String expected) {
        byte[] want = expected.getBytes(StandardCharsets.UTF_8);
        int reader = src.readerIndex();
        int writer = src.writerIndex();
        ByteBuf dst = Unpooled.directBuffer(want.length);
        try {
            assertThat(BodyEncoding.normalisedLength(src, stuff)).isEqualTo(want.length);
            BodyEncoding.normalise(src, dst, stuff);
            assertThat(ByteBufUtil.getBytes(dst)).as("%s stuff=%s via %s", show(ByteBufUtil.getBytes(src)), stuff,
                    src.getClass().getSimpleName()).isEqualTo(want);
            assertThat(src.readerIndex()).isEqualTo(reader);
            assertThat(src.writerIndex()).isEqualTo(writer);
        } finally {
            dst.release();
            src.release();
        }
    }

    /** The same bytes as heap, direct, sliced, and composite buffers split at every position. */
    private static List<Function<byte[], ByteBuf>> shapes(byte[] in) {
        List<Function<byte[], ByteBuf>> shapes = new ArrayList<>();
        shapes.add(Unpooled::copiedBuffer);
        shapes.add(b -> Unpooled.directBuffer(b.length + 1).writeBytes(b));
        shapes.add(BodyEncodingTest::padded);
        shapes.add(BodyEncodingTest::oneByteComponents);
        for (int at = 0; at <= in.length; at++) {
            int cut = at;
            shapes.add(b -> split(b, cut));
        }
        return shapes;
    }

    /** Garbage that must not be read on both sides, with the message between the indices. */
    private static ByteBuf padded(byte[] in) {
        ByteBuf buf = Unpooled.buffer(in.length + 4).writeBytes(new byte[] {'.', '\r'}).writeBytes(in)
                .writeBytes(new byte[] {'\n', '.'});
        return buf.setIndex(2, 2 + in.length);
    }

    private static ByteBuf split(byte[] in, int at) {
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponent(true, Unpooled.copiedBuffer(in, 0, at));
        composite.addComponent(true, Unpooled.directBuffer(in.length - at + 1).writeBytes(in, at, in.length - at));
        return composite;
    }

    private static ByteBuf oneByteComponents(byte[] in) {
        CompositeByteBuf composite = Unpooled.compositeBuffer(Math.max(2, in.length));
        for (byte b : in) {
            composite.addComponent(true, Unpooled.buffer(1).writeByte(b));
        }
        return composite;
    }

    /** The obvious byte-at-a-time model the fast version must match. */
    private static byte[] reference(byte[] in, boolean stuff) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean lineStart = true;
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (lineStart && stuff && b == '.') {
                out.write('.');
            }
            if (b == '\r' || b == '\n') {
                out.write('\r');
                out.write('\n');
                if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
                lineStart = true;
            } else {
                out.write(b);
                lineStart = false;
            }
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static String show(byte[] bytes) {
        return InvalidMessageException.quote(new String(bytes, StandardCharsets.ISO_8859_1));
    }
}
