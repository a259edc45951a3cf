package dev.salvo.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SinkMaildirTest {
    @TempDir
    Path dir;

    @Test
    void eachMessageIsAFileInNewWithTheExactBytes() throws Exception {
        Path maildir = dir.resolve("mail");
        byte[] body = "Subject: a\r\n\r\n.dot\r\n\u00ff\r\n".getBytes(StandardCharsets.ISO_8859_1);
        try (SmtpSink sink = SmtpSink.start(SinkConfig.builder().ephemeralPort().maildir(maildir).build());
                SmtpTestClient c = SmtpTestClient.connect(sink)) {
            c.greetAndEhlo();
            for (int i = 0; i < 2; i++) {
                c.envelope("b@example.com", "a@example.com");
                c.command("DATA");
                c.sendBytes("Subject: a\r\n\r\n..dot\r\n\u00ff\r\n.\r\n".getBytes(StandardCharsets.ISO_8859_1));
                // The 250 comes only after the file is in new/, so no waiting is needed below.
                assertThat(c.reply()).startsWith("250 2.0.0");
            }
            assertThat(sink.stats().messagesAccepted()).isEqualTo(2);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(maildir.resolve("new"))) {
            files = s.toList();
        }
        assertThat(files).hasSize(2);
        for (Path f : files) {
            assertThat(Files.readAllBytes(f)).isEqualTo(body);
        }
        try (Stream<Path> s = Files.list(maildir.resolve("tmp"))) {
            assertThat(s).isEmpty();
        }
        assertThat(maildir.resolve("cur")).isDirectory();
    }
}
