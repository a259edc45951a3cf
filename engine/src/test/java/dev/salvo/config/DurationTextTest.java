package dev.salvo.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void readsEveryUnit() {
        assertThat(DurationText.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationText.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("5min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("4h")).isEqualTo(Duration.ofHours(4));
        assertThat(DurationText.parse("3d")).isEqualTo(Duration.ofDays(3));
        assertThat(DurationText.parse(" 10 S ")).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void refusesWhatIsNotANumberAndAUnit() {
        for (String bad : List.of("", "30", "s", "1.5h", "-1s", "1h30m", "3 weeks", "PT30S")) {
            assertThat(DurationText.parse(bad)).as(bad).isNull();
        }
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertThat(DurationText.format(Duration.ofDays(3))).isEqualTo("3d");
        assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void suggestsOnlyWhatIsWithinTwoEdits() {
        assertThat(Spelling.distance("max_conections", "max_connections")).isEqualTo(1);
        assertThat(Spelling.distance("retyr", "retry")).isEqualTo(2);
        assertThat(Spelling.suggest("retyr", List.of("routes", "retry"))).isEqualTo(" (did you mean 'retry'?)");
        assertThat(Spelling.suggest("colour", List.of("routes", "retry"))).isEmpty();
    }
}
