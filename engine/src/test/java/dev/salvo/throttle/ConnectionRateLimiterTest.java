package dev.salvo.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectionRateLimiterTest {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final FakeNanoClock clock = new FakeNanoClock();

    @Test
    void theCapThenWaitsForTheOldestToLeaveTheWindow() {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(3);
        long t0 = clock.getAsLong();
        assertThat(limiter.tryAcquire(t0)).isZero();
        assertThat(limiter.tryAcquire(t0 + 10)).isZero();
        assertThat(limiter.tryAcquire(t0 + 20)).isZero();
        assertThat(limiter.tryAcquire(t0 + 30)).isEqualTo(MINUTE - 30);
        assertThat(limiter.tryAcquire(t0 + MINUTE - 1)).isEqualTo(1);
        assertThat(limiter.tryAcquire(t0 + MINUTE)).isZero();
        assertThat(limiter.tryAcquire(t0 + MINUTE)).as("the next oldest is at +10").isEqualTo(10);
    }

    @Test
    void neverMoreThanTheCapInAnySixtySecondWindow() {
        int cap = 7;
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(cap);
        SplittableRandom random = new SplittableRandom(421);
        long[] admitted = new long[10_000];
        int n = 0;
        long end = clock.getAsLong() + 30 * MINUTE;
        while (clock.getAsLong() - end < 0) {
            if (limiter.tryAcquire(clock.getAsLong()) == 0) {
                admitted[n++] = clock.getAsLong();
            }
            // Bursty demand: sometimes many attempts at one instant, sometimes long gaps.
            clock.advance(random.nextInt(4) == 0 ? 0 : random.nextLong(1, 20_000_000_000L));
        }
        for (int i = 0; i < n; i++) {
            int inWindow = 0;
            for (int j = i; j < n && admitted[j] - admitted[i] < MINUTE; j++) {
                inWindow++;
            }
            assertThat(inWindow).as("connections in [%d, +60 s)", admitted[i]).isLessThanOrEqualTo(cap);
        }
        assertThat(n).as("the limiter lets demand through up to the cap").isGreaterThan(25 * cap);
    }

    @Test
    void waitingAsToldAdmitsExactlyTheCapPerMinute() {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(60);
        int admitted = 0;
        long end = clock.getAsLong() + 10 * MINUTE;
        while (clock.getAsLong() - end < 0) {
            long wait = limiter.tryAcquire(clock.getAsLong());
            if (wait == 0) {
                admitted++;
            } else {
                clock.advance(wait);
            }
        }
        assertThat(admitted).isEqualTo(600);
    }

    @Test
    void zeroIsUnlimited() {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.tryAcquire(clock.getAsLong())).isZero();
        }
        assertThat(limiter.perMinute()).isZero();
    }
}
