package dev.salvo.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageContentTest {
    private static final String HEADERS = "From: a@example.com\r\nSubject: hi\r\n\r\n";

    @Test
    void preparesBothPayloadsFromBareLineEnds() {
        MessageContent content = MessageContent.of(bytes("From: a@example.com\nSubject: hi\n\nline\n.dot\nend"));
        try {
            String plain = "From: a@example.com\r\nSubject: hi\r\n\r\nline\r\n.dot\r\nend\r\n";
            assertThat(drain(content.dataPayload()))
                    .isEqualTo("From: a@example.com\r\nSubject: hi\r\n\r\nline\r\n..dot\r\nend\r\n.\r\n");
            assertThat(drain(content.bdatPayload())).isEqualTo(plain);
            assertThat(content.size()).isEqualTo(plain.length());
        } finally {
            assertThat(content.release()).isTrue();
        }
    }

    @Test
    void sharesOneBufferWhenNothingNeedsStuffing() {
        MessageContent content = MessageContent.of(bytes(HEADERS + "body"));
        try {
            assertThat(drain(content.dataPayload())).isEqualTo(HEADERS + "body\r\n.\r\n");
            assertThat(drain(content.bdatPayload())).isEqualTo(HEADERS + "body\r\n");
            assertThat(content.size()).isEqualTo(HEADERS.length() + 6);
        } finally {
            content.release();
        }
    }

    @Test
    void ofTrustedPreparesAValidatedBufferWithoutTakingIt() {
        ByteBuf rendered = io.netty.buffer.Unpooled.copiedBuffer("From: a@b\nSubject: caf\u00e9\n\n.x", StandardCharsets.UTF_8);
        MessageContent content = MessageContent.ofTrusted(rendered, true, true, "id@b");
        try {
            assertThat(rendered.refCnt()).as("the caller still owns its buffer").isEqualTo(1);
            assertThat(rendered.readerIndex()).isZero();
            assertThat(drain(content.dataPayload()))
                    .isEqualTo("From: a@b\r\nSubject: caf\u00e9\r\n\r\n..x\r\n.\r\n");
            assertThat(content.has8BitContent()).isTrue();
            assertThat(content.headersNeedSmtpUtf8()).isTrue();
            assertThat(content.messageIdHeader()).isEqualTo("id@b");
        } finally {
            content.release();
            rendered.release();
        }
    }

    @Test
    void messageWithoutBodyIsAccepted() {
        MessageContent content = MessageContent.of(bytes("From: a@example.com"));
        try {
            assertThat(drain(content.dataPayload())).isEqualTo("From: a@example.com\r\n.\r\n");
        } finally {
            content.release();
        }
    }

    static Stream<Arguments> invalidMessages() {
        String longLine = "x".repeat(999);
        return Stream.of(
                Arguments.of("", "message is empty"),
                Arguments.of("\r\nbody", "not an RFC 5322 message: line 1 is empty"),
                Arguments.of("%PDF-1.4\n%\u00e2\u00e3\n", "not an RFC 5322 message: line 1 has no header field name "
                        + "(expected 'Name: value'), it starts \"%PDF-1.4\"; this looks like a PDF file"),
                Arguments.of("From alice@example.com Mon Jan 1\nFrom: a@b\n", "this looks like an mbox file"),
                Arguments.of("Hello Bob,\n\nsee you\n", "line 1 has no header field name"),
                Arguments.of("\u00ef\u00bb\u00bfFrom: a@b\n", "starts with a UTF-8 byte-order mark"),
                Arguments.of(": no name\n", "line 1 has no header field name"),
                Arguments.of(" From: a@b\n", "line 1 starts with whitespace"),
                Arguments.of("From: a@b\nSubject: x\nnot a header\n\nbody", "line 3 in the header section is not a header field"),
                Arguments.of("From: a@b\nBad Name: x\n", "line 2 in the header section is not a header field"),
                Arguments.of("From: a@b\r\n\r\nok\r\nnul\0here\r\n", "line 4 contains a NUL byte"),
                Arguments.of("From: a@b\r\n\r\n\r\n\r\n" + longLine + "\r\n", "line 5 is 999 octets long; RFC 5322 §2.1.1"),
                Arguments.of("From: a@b\n\nshort\r" + longLine, "line 4 is 999 octets long"),
                Arguments.of("Subject: x\r\nTo: b@c\r\n\r\nbody", "no From: header field"),
                Arguments.of("Subject: x\r\n\r\nFrom: a@b\r\n", "no From: header field"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("invalidMessages")
    void rejectsWithALineNumberAndAReason(String message, String fragment) {
        assertThatThrownBy(() -> MessageContent.of(message.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining(fragment);
    }

    @Test
    void acceptsTheLimitsExactly() {
        String line998 = "y".repeat(998);
        release(MessageContent.of(bytes("from : a@b\r\nX-Long: " + "z".repeat(990) + "\r\n\r\n" + line998 + "\r\n")));
        release(MessageContent.of(bytes("FROM:a@b\r\n\tfolded\r\n\r\n" + line998)));
    }

    @Test
    void rejectsMessagesOverSixtyFourMebibytes() {
        byte[] huge = new byte[MessageContent.MAX_SIZE + 1];
        assertThatThrownBy(() -> MessageContent.of(huge))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("message is 67108865 octets; the limit is 64 MiB");
    }

    @Test
    void rejectsMessagesThatOnlyGrowOverTheLimitWhenNormalised() {
        byte[] headers = bytes("From: a@b\n\n");
        byte[] raw = Arrays.copyOf(headers, MessageContent.MAX_SIZE - 10);
        Arrays.fill(raw, headers.length, raw.length, (byte) '\n');
        assertThatThrownBy(() -> MessageContent.of(raw))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("after line ends are normalised to CRLF; the limit is 64 MiB");
    }

    static Stream<Arguments> eightBit() {
        return Stream.of(
                Arguments.of(HEADERS + "plain ascii", false, false),
                Arguments.of(HEADERS + "caf\u00e9", true, false),
                Arguments.of("From: a@b\r\nSubject: caf\u00e9\r\n\r\nascii", true, true),
                Arguments.of("From: a@b\r\nSubject: x\r\n  caf\u00e9 folded\r\n", true, true),
                Arguments.of("From: a@b\r\n\r\n\u0080", true, false));
    }

    @ParameterizedTest(name = "[{index}] 8bit={1} headersUtf8={2}")
    @MethodSource("eightBit")
    void detectsEightBitOctetsAndUtf8Headers(String message, boolean eightBit, boolean headersUtf8) {
        MessageContent content = MessageContent.of(bytes(message));
        try {
            assertThat(content.has8BitContent()).isEqualTo(eightBit);
            assertThat(content.headersNeedSmtpUtf8()).isEqualTo(headersUtf8);
        } finally {
            content.release();
        }
    }

    static Stream<Arguments> messageIds() {
        return Stream.of(
                Arguments.of("From: a@b\r\nMessage-ID: <abc.123@example.com>\r\n\r\nx", "abc.123@example.com"),
                Arguments.of("message-id:<lower@x>\nFrom: a@b\n", "lower@x"),
                Arguments.of("From: a@b\r\nMessage-ID:\r\n <folded@x>\r\nSubject: s\r\n", "folded@x"),
                Arguments.of("From: a@b\r\nMessage-ID: <first@x>\r\nMessage-ID: <second@x>\r\n", "first@x"),
                Arguments.of("From: a@b\r\nMessage-ID: bare@x \r\n", "bare@x"),
                Arguments.of("From: a@b\r\nMessage-ID:   \r\n", null),
                Arguments.of("From: a@b\r\nX-Message-ID: <no@x>\r\n\r\nMessage-ID: <body@x>\r\n", null));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("messageIds")
    void extractsTheMessageId(String message, String expected) {
        MessageContent content = MessageContent.of(bytes(message));
        try {
            assertThat(content.messageIdHeader()).isEqualTo(expected);
        } finally {
            content.release();
        }
    }

    @ParameterizedTest(name = "stuffed body: {0}")
    @MethodSource("bodies")
    void payloadsOutliveTheOwnerAndFreeWithTheLastReference(String body) {
        MessageContent content = MessageContent.of(bytes(HEADERS + body));
        assertThat(content.refCnt()).isEqualTo(1);
        ByteBuf data = content.dataPayload();
        ByteBuf bdat = content.bdatPayload();
        ByteBuf data2 = content.dataPayload();
        data2.skipBytes(5);
        assertThat(data.readerIndex()).as("duplicates have their own indices").isZero();

        assertThat(content.release()).isTrue();
        assertThat(content.refCnt()).isZero();
        assertThatThrownBy(content::dataPayload).isInstanceOf(IllegalReferenceCountException.class);
        assertThatThrownBy(content::bdatPayload).isInstanceOf(IllegalReferenceCountException.class);

        assertThat(drain(data)).endsWith(".\r\n");
        assertThat(drain(bdat)).startsWith("From: ");
        assertThat(data2.release()).isTrue();
        assertThat(data2.refCnt()).isZero();
    }

    static Stream<String> bodies() {
        return Stream.of("no dots", ".leading dot");
    }

    @Test
    void retainKeepsTheBuffersUntilTheLastRelease() {
        MessageContent content = MessageContent.of(bytes(HEADERS + ".x"));
        assertThat(content.retain()).isSameAs(content);
        assertThat(content.touch("hint")).isSameAs(content);
        assertThat(content.release()).isFalse();
        assertThat(drain(content.bdatPayload())).endsWith(".x\r\n");
        assertThat(content.release()).isTrue();
        assertThatThrownBy(content::release).isInstanceOf(IllegalReferenceCountException.class);
    }

    @Test
    void readsAMessageFile(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("m.eml"), bytes(HEADERS + "body\n"));
        MessageContent content = MessageContent.fromFile(file);
        try {
            assertThat(drain(content.bdatPayload())).isEqualTo(HEADERS + "body\r\n");
        } finally {
            content.release();
        }
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.eml");
        assertThatThrownBy(() -> MessageContent.fromFile(missing))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("missing.eml").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> MessageContent.fromFile(dir))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("is a directory");
        Path pdf = Files.write(dir.resolve("report.pdf"), bytes("%PDF-1.7\n1 0 obj\n"));
        assertThatThrownBy(() -> MessageContent.fromFile(pdf))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("report.pdf")
                .hasMessageContaining("not an RFC 5322 message: line 1 has no header field name");
    }

    private static void release(MessageContent content) {
        assertThat(content.release()).isTrue();
    }

    /** Reads and releases a payload, as writing it to a channel would. */
    private static String drain(ByteBuf payload) {
        try {
            assertThat(payload.isDirect()).isTrue();
            return payload.toString(StandardCharsets.UTF_8);
        } finally {
            payload.release();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
