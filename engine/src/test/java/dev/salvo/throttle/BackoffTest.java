package dev.salvo.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.salvo.throttle.Backoff.State;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final FakeNanoClock clock = new FakeNanoClock();
    /** 421: 1 min off. 5 rate-limit replies in 60 s: 5 min off. Slow to 25%, back to full over 10 min. */
    private final Backoff backoff = new Backoff(Duration.ofMinutes(1), 5, Duration.ofSeconds(60), Duration.ofMinutes(5),
            0.25, Duration.ofMinutes(10));

    @Test
    void a421SuspendsForItsDurationThenNormal() {
        long t0 = clock.getAsLong();
        assertThat(backoff.state(t0)).isEqualTo(State.NORMAL);
        backoff.on421(t0);
        assertThat(backoff.state(t0)).isEqualTo(State.SUSPENDED);
        assertThat(backoff.suspendedUntil()).isEqualTo(t0 + MINUTE);
        assertThat(backoff.state(t0 + MINUTE - 1)).isEqualTo(State.SUSPENDED);
        assertThat(backoff.state(t0 + MINUTE)).isEqualTo(State.NORMAL);
        assertThat(backoff.suspendedUntil()).isZero();
        assertThat(backoff.rateFactor(t0 + MINUTE)).isEqualTo(1);
    }

    @Test
    void fewerThanABurstSlowsThenRampsLinearlyBackToFull() {
        long t0 = clock.getAsLong();
        for (int i = 0; i < 4; i++) {
            backoff.onRateLimitReply(t0 + i * SECOND);
        }
        long last = t0 + 3 * SECOND; // each reply restarts the ramp
        assertThat(backoff.state(last)).isEqualTo(State.SLOWED);
        assertThat(backoff.suspendedUntil()).isZero();
        assertThat(backoff.rateFactor(last)).isEqualTo(0.25);
        assertThat(backoff.rateFactor(last + 5 * MINUTE)).isCloseTo(0.625, within(1e-9));
        assertThat(backoff.rateFactor(last + 10 * MINUTE - SECOND)).isBetween(0.99, 1.0).isLessThan(1.0);
        assertThat(backoff.state(last + 10 * MINUTE - SECOND)).isEqualTo(State.SLOWED);
        assertThat(backoff.rateFactor(last + 10 * MINUTE)).isEqualTo(1);
        assertThat(backoff.state(last + 10 * MINUTE)).isEqualTo(State.NORMAL);
    }

    @Test
    void aBurstWithinTheWindowSuspendsThenResumesSlowed() {
        long t0 = clock.getAsLong();
        for (int i = 0; i < 5; i++) {
            backoff.onRateLimitReply(t0 + i * 10 * SECOND); // 5 in 40 s
        }
        long tripped = t0 + 40 * SECOND;
        assertThat(backoff.state(tripped)).isEqualTo(State.SUSPENDED);
        assertThat(backoff.suspendedUntil()).isEqualTo(tripped + 5 * MINUTE);
        assertThat(backoff.rateFactor(tripped + 4 * MINUTE)).as("held at the floor while suspended").isEqualTo(0.25);
        long resumed = tripped + 5 * MINUTE;
        assertThat(backoff.state(resumed)).isEqualTo(State.SLOWED);
        assertThat(backoff.rateFactor(resumed)).isEqualTo(0.25);
        assertThat(backoff.rateFactor(resumed + 5 * MINUTE)).isCloseTo(0.625, within(1e-9));
        assertThat(backoff.state(resumed + 10 * MINUTE)).isEqualTo(State.NORMAL);

        // The replies that tripped it are spent: one more is a slowdown, not another suspension.
        backoff.onRateLimitReply(resumed + 10 * MINUTE);
        assertThat(backoff.state(resumed + 10 * MINUTE)).isEqualTo(State.SLOWED);
    }

    @Test
    void theSameCountSpreadWiderThanTheWindowOnlySlows() {
        long t0 = clock.getAsLong();
        for (int i = 0; i < 10; i++) {
            backoff.onRateLimitReply(t0 + i * 15 * SECOND); // any 5 span exactly 60 s: not within
            assertThat(backoff.state(t0 + i * 15 * SECOND)).isEqualTo(State.SLOWED);
        }
    }

    @Test
    void aSuccessEndsTheRunOfRateLimitReplies() {
        long t0 = clock.getAsLong();
        for (int i = 0; i < 4; i++) {
            backoff.onRateLimitReply(t0 + i);
        }
        backoff.onSuccess(t0 + 4);
        backoff.onRateLimitReply(t0 + 5);
        assertThat(backoff.state(t0 + 5)).isEqualTo(State.SLOWED);
        for (int i = 6; i < 10; i++) {
            backoff.onRateLimitReply(t0 + i);
        }
        assertThat(backoff.state(t0 + 9)).isEqualTo(State.SUSPENDED);
    }

    @Test
    void a421StormKeepsItSuspendedThenItRecovers() {
        long t0 = clock.getAsLong();
        long last = t0;
        for (int i = 0; i < 20; i++) { // 20 x 421 in 10 s
            last = t0 + i * 500 * TimeUnit.MILLISECONDS.toNanos(1);
            backoff.on421(last);
            assertThat(backoff.state(last)).isEqualTo(State.SUSPENDED);
        }
        // Every fifth 421 is a burst: 5 min off from the last one, then the ramp.
        long until = last + 5 * MINUTE;
        assertThat(backoff.suspendedUntil()).isEqualTo(until);
        for (long t = last; t - until < 0; t += 7 * SECOND) {
            assertThat(backoff.state(t)).isEqualTo(State.SUSPENDED);
        }
        assertThat(backoff.state(until)).isEqualTo(State.SLOWED);
        assertThat(backoff.rateFactor(until)).isEqualTo(0.25);
        assertThat(backoff.state(until + 10 * MINUTE)).isEqualTo(State.NORMAL);
        assertThat(backoff.suspendedUntil()).isZero();
    }

    @Test
    void a421WhileSlowedRestartsTheRampWhenTheSuspensionEnds() {
        long t0 = clock.getAsLong();
        backoff.onRateLimitReply(t0);
        backoff.on421(t0 + SECOND);
        long until = t0 + SECOND + MINUTE;
        assertThat(backoff.state(until - 1)).isEqualTo(State.SUSPENDED);
        assertThat(backoff.rateFactor(until)).isEqualTo(0.25);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            421 | 4.7.28 | [1.2.3.4] Our system has detected an unusually high rate of unsolicited mail | true
            450 | 4.7.1  | Client host rejected: try again later                                      | true
            451 | 4.7.500| Server busy. Please try again later from [1.2.3.4]                         | true
            421 | 4.7.0  | [TSS04] Messages from 1.2.3.4 temporarily deferred due to unexpected volume | true
            452 | 4.7.0  | too many connections                                                        | true
            451 | -      | Too many messages, slow down                                                | true
            450 | -      | Throttled, retry                                                            | true
            421 | -      | Service not available, closing transmission channel                        | true
            454 | 4.7.0  | TLS not available due to local problem                                      | false
            450 | 4.2.1  | mailbox busy                                                                | false
            451 | 4.3.0  | Temporary lookup failure for a generated address                            | false
            452 | 4.2.2  | Mailbox full                                                                | false
            550 | 5.7.1  | Rejected: rate limit                                                        | false
            250 | 2.0.0  | Ok                                                                          | false
            """)
    void isRateLimitReply(int code, String enhanced, String text, boolean expected) {
        assertThat(Backoff.isRateLimitReply(code, enhanced, text)).isEqualTo(expected);
    }
}
