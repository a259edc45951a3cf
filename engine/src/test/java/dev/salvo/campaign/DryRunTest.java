package dev.salvo.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.message.MessageContent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DryRunTest {
    @TempDir
    Path dir;

    @Test
    void writesTheFirstNMessagesAsFilesThatParse() throws IOException {
        Path list = Files.writeString(dir.resolve("list.csv"),
                "email,name\na@example.com,Ann\nb@example.com,Bob\nc@example.com,Cy\n");
        Path eml = Files.writeString(dir.resolve("t.eml"), "From: news@example.com\nSubject: Hi {{name}}\n\n.{{name}}\n");
        Path out = dir.resolve("out");
        RenderContext base = new RenderContext("dry", 1, Instant.parse("2026-01-02T03:04:05Z"));
        try (RecipientCsv csv = RecipientCsv.open(list, RecipientCsv.BadRows.FAIL)) {
            Template template = Template.load(eml, csv.fieldNames());
            assertThat(DryRun.write(template, csv, 2, out, base)).isEqualTo(2);
        }
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("0001.eml", "0002.eml");
        }
        Set<String> ids = new HashSet<>();
        for (String name : new String[] {"0001.eml", "0002.eml"}) {
            MessageContent content = MessageContent.fromFile(out.resolve(name));
            try {
                ids.add(content.messageIdHeader());
            } finally {
                content.release();
            }
        }
        assertThat(ids).hasSize(2).anySatisfy(id -> assertThat(id).startsWith("dry.1."))
                .anySatisfy(id -> assertThat(id).startsWith("dry.2."));
        assertThat(Files.readString(out.resolve("0002.eml")))
                .contains("Subject: Hi Bob\r\n").endsWith("\r\n\r\n.Bob\r\n");

        try (RecipientCsv csv = RecipientCsv.open(list, RecipientCsv.BadRows.FAIL)) {
            Template template = Template.load(eml, csv.fieldNames());
            assertThat(DryRun.write(template, csv, 10, dir.resolve("all"), base)).as("stops at the end").isEqualTo(3);
        }
    }
}
