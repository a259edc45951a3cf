package dev.salvo.blast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salvo.message.EmailAddress;
import org.junit.jupiter.api.Test;

/** Sizes, their mix, the due times of an open loop, and the generated messages. */
class SizeMixTest {
    @Test
    void weightsAreReducedAndSpreadEvenly() {
        SizeMix mix = SizeMix.parse("1k:70,20k:25,100k:5");
        assertThat(mix.sizes()).containsExactly(1024, 20 * 1024, 100 * 1024);
        assertThat(mix.cycleLength()).isEqualTo(20); // 70:25:5 is 14:5:1
        int[] seen = new int[3];
        for (int n = 0; n < 20; n++) {
            seen[mix.sizeIndex(n)]++;
        }
        assertThat(seen).containsExactly(14, 5, 1);
        // Spread, not clumped: the small size never runs more than 4 in a row in a 14:5:1 cycle.
        int run = 0;
        int longest = 0;
        for (int n = 0; n < 40; n++) {
            run = mix.sizeIndex(n) == 0 ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        assertThat(longest).isLessThanOrEqualTo(4);
    }

    @Test
    void badMixesSayWhatIsWrong() {
        assertThatThrownBy(() -> SizeMix.parse("1k:50,1k:50")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> SizeMix.parse("1x:5")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> SizeMix.parse("1k:999,2k:998")).hasMessageContaining("keep them to 1000");
        assertThatThrownBy(() -> SizeMix.bytes("65m")).hasMessageContaining("from 1 byte to 64m");
    }

    @Test
    void messagesHaveExactlyTheSizeAsked() {
        EmailAddress from = EmailAddress.parse("blast@salvo.test");
        EmailAddress to = EmailAddress.parse("blast0@example.test");
        for (int size : new int[] {400, 401, 479, 480, 481, 1024, 20 * 1024 + 7}) {
            byte[] m = SampleMessages.build(size, from, to, 0);
            assertThat(m).as("size " + size).hasSize(size);
            String text = new String(m, java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(text).contains("\r\nMessage-ID: <blast-").contains("\r\nDate: ").endsWith("\r\n");
            for (String line : text.split("\r\n")) {
                assertThat(line.length()).isLessThanOrEqualTo(78);
            }
        }
        assertThat(SampleMessages.build(10, from, to, 0).length).as("headers are never cut").isGreaterThan(200);
    }

    @Test
    void openLoopTimesFollowTheRateAndTheRamp() {
        SendTimes flat = new SendTimes(100, 0);
        assertThat(flat.dueNanos(0)).isZero();
        assertThat(flat.dueNanos(100)).isEqualTo(1_000_000_000L);
        // Ramp to 100/s over 2 s: 100 messages are due during the ramp, the 100th at 2 s, then 10 ms apart.
        SendTimes ramp = new SendTimes(100, 2_000_000_000L);
        assertThat(ramp.dueNanos(25)).isEqualTo(1_000_000_000L);
        assertThat(ramp.dueNanos(100)).isEqualTo(2_000_000_000L);
        assertThat(ramp.dueNanos(200)).isEqualTo(3_000_000_000L);
    }
}
