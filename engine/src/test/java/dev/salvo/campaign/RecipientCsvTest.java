package dev.salvo.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipientCsvTest {
    @TempDir
    Path dir;

    @Test
    void readsRowsWithTheEmailColumnAnywhereAndQuotedValues() throws IOException {
        Path file = csv("first_name,EMAIL,note\n"
                + "Ann,ann@example.com,plain\n"
                + "\"Smith, Bob\",bob@example.com,\"says \"\"hi\"\"\"\n"
                + "Cy,cy@example.com,\"two\nlines\"\n"
                + "Di,di@example.com,after\n");
        try (RecipientCsv csv = RecipientCsv.open(file, RecipientCsv.BadRows.FAIL)) {
            assertThat(csv.fieldNames()).containsExactly("first_name", "note");
            List<RecipientRow> rows = drain(csv);
            assertThat(rows).extracting(r -> r.email().address())
                    .containsExactly("ann@example.com", "bob@example.com", "cy@example.com", "di@example.com");
            assertThat(rows.get(1).values()).containsExactly("Smith, Bob", "says \"hi\"");
            assertThat(rows.get(2).values()).containsExactly("Cy", "two\nlines");
            assertThat(rows).extracting(RecipientRow::line).containsExactly(2L, 3L, 4L, 6L);
        }
    }

    @Test
    void skipsAByteOrderMarkAndBlankLinesAndTrimsSpacesAfterCommas() throws IOException {
        Path file = csv("\uFEFFemail, name\r\n\r\nann@example.com, Ann\r\n\r\nbob@example.com ,Bob\r\n");
        try (RecipientCsv csv = RecipientCsv.open(file, RecipientCsv.BadRows.FAIL)) {
            assertThat(csv.fieldNames()).containsExactly("name");
            List<RecipientRow> rows = drain(csv);
            assertThat(rows).extracting(RecipientRow::line).containsExactly(3L, 5L);
            assertThat(rows.get(0).values()).containsExactly("Ann");
            assertThat(rows.get(1).email().address()).isEqualTo("bob@example.com");
        }
    }

    @Test
    void skipModeReportsEveryBadRowWithItsLineAndKeepsGoing() throws IOException {
        Path file = csv("email,first,last\n"
                + "ann@example.com,Ann,A\n"
                + "bob@example.com,Bob\n"                 // 3: missing column
                + "cy@example.com,Cy,C,extra\n"           // 4: extra column
                + ",Nobody,N\n"                           // 5: empty email
                + "not-an-address,X,Y\n"                  // 6: invalid
                + "di@example.com,Di,D\n");
        List<BadRow> bad = new ArrayList<>();
        try (RecipientCsv csv = RecipientCsv.open(file, RecipientCsv.BadRows.SKIP)) {
            csv.onBadRow(bad::add);
            assertThat(drain(csv)).extracting(RecipientRow::line).containsExactly(2L, 7L);
        }
        assertThat(bad).extracting(BadRow::line).containsExactly(3L, 4L, 5L, 6L);
        assertThat(bad.get(0).reason()).isEqualTo("has 2 values, expected 3 (email,first,last)");
        assertThat(bad.get(0).raw()).isEqualTo("bob@example.com,Bob");
        assertThat(bad.get(1).reason()).isEqualTo("has 4 values, expected 3 (email,first,last)");
        assertThat(bad.get(2).reason()).isEqualTo("has no value in the email column");
        assertThat(bad.get(3).reason()).contains("has no '@'");
    }

    @Test
    void failModeThrowsAtTheFirstBadRowNamingFileAndLine() throws IOException {
        Path file = csv("email,name\nann@example.com,Ann\nbob@,Bob\nok@example.com,Ok\n");
        List<BadRow> bad = new ArrayList<>();
        try (RecipientCsv csv = RecipientCsv.open(file, RecipientCsv.BadRows.FAIL)) {
            csv.onBadRow(bad::add);
            assertThat(csv.next()).isNotNull();
            assertThatThrownBy(csv::next)
                    .isInstanceOf(CampaignException.class)
                    .hasMessageStartingWith(file + " line 3: ")
                    .hasMessageContaining("empty domain");
        }
        assertThat(bad).extracting(BadRow::line).containsExactly(3L);
    }

    @Test
    void noEmailColumnNamesTheColumnsFound() throws IOException {
        Path file = csv("address,name\nann@example.com,Ann\n");
        assertThatThrownBy(() -> RecipientCsv.open(file, RecipientCsv.BadRows.SKIP))
                .isInstanceOf(CampaignException.class)
                .hasMessage(file + " line 1: no 'email' column; the columns found are address, name. "
                        + "Name the column that holds the addresses 'email'");
    }

    @Test
    void headerProblemsAreReported() throws IOException {
        assertThatThrownBy(() -> RecipientCsv.open(csv(""), RecipientCsv.BadRows.SKIP))
                .hasMessageContaining("is empty; the first line must name the columns");
        assertThatThrownBy(() -> RecipientCsv.open(csv("email,name,name\n"), RecipientCsv.BadRows.SKIP))
                .hasMessageContaining("column 'name' appears twice");
        assertThatThrownBy(() -> RecipientCsv.open(csv("email,,x\n"), RecipientCsv.BadRows.SKIP))
                .hasMessageContaining("column 2 has no name");
        assertThatThrownBy(() -> RecipientCsv.open(dir.resolve("missing.csv"), RecipientCsv.BadRows.SKIP))
                .hasMessageContaining("does not exist");
    }

    @Test
    void brokenQuotingAndNonUtf8EndTheFileWithAnError() throws IOException {
        Path quoting = csv("email,name\nann@example.com,\"Ann\" x\n");
        try (RecipientCsv csv = RecipientCsv.open(quoting, RecipientCsv.BadRows.SKIP)) {
            assertThatThrownBy(csv::next).isInstanceOf(CampaignException.class).hasMessageContaining("malformed CSV");
        }
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "email,name\nann@example.com,Ren\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> {
            try (RecipientCsv csv = RecipientCsv.open(latin1, RecipientCsv.BadRows.SKIP)) {
                drain(csv);
            }
        }).isInstanceOf(CampaignException.class).hasMessageContaining("is not UTF-8");
    }

    @Test
    void streamsAHundredThousandRows() throws IOException {
        Path file = dir.resolve("big.csv");
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("email,first,last\n");
            for (int i = 0; i < 100_000; i++) {
                out.write("user" + i + "@domain" + (i % 100) + ".test,First" + i + ",Last\n");
            }
        }
        long start = System.nanoTime();
        long count = 0;
        long lastLine = 0;
        try (RecipientCsv csv = RecipientCsv.open(file, RecipientCsv.BadRows.FAIL)) {
            for (RecipientRow row = csv.next(); row != null; row = csv.next()) {
                count++;
                lastLine = row.line();
            }
        }
        assertThat(count).isEqualTo(100_000);
        assertThat(lastLine).isEqualTo(100_001);
        // Generous: a bound that catches quadratic behaviour or whole-file buffering, not a benchmark.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    private Path csv(String text) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "list", ".csv"), text);
    }

    static List<RecipientRow> drain(RecipientCsv csv) {
        List<RecipientRow> rows = new ArrayList<>();
        for (RecipientRow row = csv.next(); row != null; row = csv.next()) {
            rows.add(row);
        }
        return rows;
    }
}
