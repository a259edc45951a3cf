package dev.salvo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.config.Shaping;
import dev.salvo.smtp.ConnectionSettings;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Connection failures back off per host, and hosts are tried in preference order (RFC 5321 §5.1). */
class DestinationHostsTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    private static Destination threeHosts() {
        return new Destination("site", Shaping.DEFAULT, List.of(ConnectionSettings.relay("mx1.test", 25),
                ConnectionSettings.relay("mx2.test", 25), ConnectionSettings.relay("mx3.test", 25)));
    }

    @Test
    void aFailedHostIsSkippedUntilItsBackoffEndsThenPreferredAgain() {
        Destination d = threeHosts();
        long now = 1_000 * S;
        assertThat(d.pickHost(now)).isZero();
        d.hostFailed(0, now, false);                        // mx1: 1 s
        assertThat(d.pickHost(now)).isEqualTo(1);
        d.hostFailed(0, now + 1 * S, false);                // mx1 again: 2 s
        assertThat(d.pickHost(now + 2 * S)).isEqualTo(1);
        assertThat(d.pickHost(now + 3 * S)).isZero();        // back to the most preferred once it may be tried
        d.hostSucceeded(0);
        assertThat(d.pickHost(now + 3 * S)).isZero();
    }

    @Test
    void whenEveryHostBacksOffNoneIsPickedUntilTheEarliestRetry() {
        Destination d = threeHosts();
        long now = 1_000 * S;
        d.hostFailed(0, now, false);
        d.hostFailed(1, now, true);                          // a permanent refusal: 5 minutes
        d.hostFailed(2, now, false);
        assertThat(d.pickHost(now)).isEqualTo(-1);
        assertThat(d.nextHostRetry()).isEqualTo(now + S);
        assertThat(d.pickHost(now + S)).isZero();
        assertThat(d.pickHost(now + 2 * S)).isZero();
    }
}
