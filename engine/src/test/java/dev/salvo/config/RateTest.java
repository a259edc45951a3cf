package dev.salvo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateTest {
    @Test
    void readsCountAndPeriodInEveryUnit() {
        assertThat(Rate.parse("100/s")).isEqualTo(new Rate(100, Duration.ofSeconds(1)));
        assertThat(Rate.parse("3000/min")).isEqualTo(new Rate(3000, Duration.ofMinutes(1)));
        assertThat(Rate.parse("3000/m")).isEqualTo(new Rate(3000, Duration.ofMinutes(1)));
        assertThat(Rate.parse("50000/h")).isEqualTo(new Rate(50000, Duration.ofHours(1)));
        assertThat(Rate.parse("10/5s")).isEqualTo(new Rate(10, Duration.ofSeconds(5)));
        assertThat(Rate.parse("1/day")).isEqualTo(new Rate(1, Duration.ofDays(1)));
        assertThat(Rate.parse(" 20 / 500ms ")).isEqualTo(new Rate(20, Duration.ofMillis(500)));
        assertThat(Rate.parse("7/SEC")).isEqualTo(new Rate(7, Duration.ofSeconds(1)));
    }

    @Test
    void perSecondNormalisesThePeriod() {
        assertThat(Rate.parse("100/s").perSecond()).isEqualTo(100.0);
        assertThat(Rate.parse("3000/min").perSecond()).isEqualTo(50.0);
        assertThat(Rate.parse("10/5s").perSecond()).isEqualTo(2.0);
        assertThat(Rate.parse("36000/h").perSecond()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void printsAsWritten() {
        assertThat(Rate.parse("3000/min")).hasToString("3000/1m");
        assertThat(Rate.parse("10/5s")).hasToString("10/5s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "100", "/s", "100/", "0/s", "10/0s", "-1/s", "1.5/s", "100/fortnight", "100 per s", "s/100"})
    void refusesAnythingElseSayingWhatItExpects(String text) {
        assertThatThrownBy(() -> Rate.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMessageShowsTheForm() {
        assertThatThrownBy(() -> Rate.parse("lots"))
                .hasMessageContaining("100/s, 3000/min, 50000/h or 10/5s");
        assertThatThrownBy(() -> Rate.parse("1/fortnight")).hasMessageContaining("unknown period unit 'fortnight'");
    }
}
