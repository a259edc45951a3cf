package dev.salvo.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final long firstSeen = FakeNanoClock.START;
    private final SplittableRandom random = new SplittableRandom(5321);

    @Test
    void doublesFromTheInitialIntervalUpToTheCap() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofMinutes(5), 2, Duration.ofMinutes(60), 0, Duration.ofDays(5));
        long now = firstSeen;
        long[] expected = {5, 10, 20, 40, 60, 60, 60};
        for (int attempt = 1; attempt <= expected.length; attempt++) {
            long at = schedule.nextAttemptAt(attempt, firstSeen, now, random);
            assertThat(at - now).as("delay after attempt %d", attempt).isEqualTo(expected[attempt - 1] * MINUTE);
            now = at;
        }
        assertThat(schedule.nextAttemptAt(10_000, firstSeen, firstSeen, random)).as("no overflow").isEqualTo(firstSeen + 60 * MINUTE);
    }

    @Test
    void jitterStaysWithinItsFractionAndUsesBothSides() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofMinutes(5), 2, Duration.ofMinutes(60), 0.2, Duration.ofDays(5));
        for (int attempt = 1; attempt <= 6; attempt++) {
            double nominal = Math.min(5 * Math.pow(2, attempt - 1), 60) * MINUTE;
            double lo = Double.MAX_VALUE;
            double hi = 0;
            for (int i = 0; i < 2000; i++) {
                double ratio = (schedule.nextAttemptAt(attempt, firstSeen, firstSeen, random) - firstSeen) / nominal;
                lo = Math.min(lo, ratio);
                hi = Math.max(hi, ratio);
            }
            assertThat(lo).isGreaterThanOrEqualTo(0.8).isLessThan(0.82);
            assertThat(hi).isLessThan(1.2).isGreaterThan(1.18);
        }
    }

    @Test
    void theSameSeedGivesTheSameSchedule() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofMinutes(5), 2, Duration.ofMinutes(60), 0.3, Duration.ofDays(5));
        SplittableRandom a = new SplittableRandom(7);
        SplittableRandom b = new SplittableRandom(7);
        for (int attempt = 1; attempt <= 20; attempt++) {
            assertThat(schedule.nextAttemptAt(attempt, firstSeen, firstSeen, a))
                    .isEqualTo(schedule.nextAttemptAt(attempt, firstSeen, firstSeen, b));
        }
    }

    @Test
    void expiresOnceTheNextAttemptWouldPassMaxAge() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofMinutes(5), 2, Duration.ofMinutes(60), 0, Duration.ofHours(2));
        // Attempt 5 wants 60 min: from +60 min that lands exactly on the maximum age, which is allowed.
        assertThat(schedule.nextAttemptAt(5, firstSeen, firstSeen + 60 * MINUTE, random)).isEqualTo(firstSeen + 120 * MINUTE);
        assertThat(schedule.nextAttemptAt(5, firstSeen, firstSeen + 60 * MINUTE + 1, random)).isEqualTo(RetrySchedule.EXPIRE);

        long now = firstSeen;
        int attempts = 0;
        while (now != RetrySchedule.EXPIRE) {
            attempts++;
            now = schedule.nextAttemptAt(attempts, firstSeen, now, random);
        }
        // Tries at 0, +5, +15, +35, +75 min; +135 would pass 2 h.
        assertThat(attempts).isEqualTo(5);
    }

    @Test
    void aDelayBeyondTheRangeOfLongExpiresInsteadOfWrapping() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofMinutes(5), 10, Duration.ofDays(365L * 290), 0.5, Duration.ofDays(5));
        assertThat(schedule.nextAttemptAt(30, firstSeen, firstSeen + 1, random)).isEqualTo(RetrySchedule.EXPIRE);
    }

    @Test
    void aRealTimeOfMinusOneIsNotTheSentinel() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofMinutes(5), 2, Duration.ofMinutes(60), 0, Duration.ofDays(5));
        long now = -1 - 5 * MINUTE; // due at exactly -1 ns
        assertThat(schedule.nextAttemptAt(1, now, now, random)).isZero();
    }

    @Test
    void expiredOnlyAfterMaxAge() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofMinutes(5), 2, Duration.ofMinutes(60), 0.1, Duration.ofDays(4));
        long maxAge = Duration.ofDays(4).toNanos();
        assertThat(schedule.expired(firstSeen, firstSeen)).isFalse();
        assertThat(schedule.expired(firstSeen, firstSeen + maxAge)).isFalse();
        assertThat(schedule.expired(firstSeen, firstSeen + maxAge + 1)).isTrue();
    }
}
