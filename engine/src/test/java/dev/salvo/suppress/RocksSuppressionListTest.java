package dev.salvo.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksSuppressionListTest {
    private static final Instant T = Instant.parse("2026-11-28T12:00:00.123Z");

    @Test
    void entriesSurviveAReopenWithEveryField(@TempDir Path dir) {
        try (RocksSuppressionList list = RocksSuppressionList.open(dir)) {
            assertThat(list.add(new Suppression("*", "Dead@Example.com", Suppression.Reason.HARD_BOUNCE, "550 5.1.1 user unknown", T))).isTrue();
            assertThat(list.add(new Suppression("news.example.org", "bob@example.net", Suppression.Reason.UNSUBSCRIBE, "", T))).isTrue();
            assertThat(list.add(new Suppression("*", "dead@example.com", Suppression.Reason.MANUAL, "again", T))).isFalse();
            assertThat(list.size()).isEqualTo(2);
        }
        try (RocksSuppressionList list = RocksSuppressionList.open(dir)) {
            assertThat(list.size()).isEqualTo(2);
            Suppression dead = list.find("anything.example", "DEAD@example.com");
            assertThat(dead).isEqualTo(new Suppression("*", "dead@example.com", Suppression.Reason.MANUAL, "again", T));
            assertThat(list.find("news.example.org", "bob@example.net").reason()).isEqualTo(Suppression.Reason.UNSUBSCRIBE);
            assertThat(list.find("other.example.org", "bob@example.net")).as("scoped to another sending domain").isNull();
            assertThat(list.find(null, "bob@example.net")).isNull();
            List<Suppression> all = new ArrayList<>();
            list.forEach(all::add);
            assertThat(all).extracting(Suppression::address).containsExactlyInAnyOrder("dead@example.com", "bob@example.net");
            assertThat(list.remove("NEWS.example.org", "bob@example.net")).isTrue();
            assertThat(list.remove("news.example.org", "bob@example.net")).isFalse();
        }
        try (RocksSuppressionList list = RocksSuppressionList.open(dir)) {
            assertThat(list.size()).isEqualTo(1);
            assertThat(list.find("news.example.org", "bob@example.net")).isNull();
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectorySaysWhoHoldsIt(@TempDir Path dir) {
        try (RocksSuppressionList first = RocksSuppressionList.open(dir)) {
            assertThatThrownBy(() -> RocksSuppressionList.open(dir)).isInstanceOf(SuppressionStoreException.class)
                    .hasMessageContaining("cannot open the suppression list in " + dir)
                    .hasMessageContaining("another process has it open");
        }
    }

    @Test
    void aDirectoryThatIsNotASuppressionListIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> RocksSuppressionList.open(file)).isInstanceOf(SuppressionStoreException.class)
                .hasMessageContaining("cannot create the suppression directory");
    }
}
