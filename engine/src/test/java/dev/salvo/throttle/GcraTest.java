package dev.salvo.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GcraTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final FakeNanoClock clock = new FakeNanoClock();

    /** Sends whenever allowed, jumping the clock by the wait it is told, until {@code end}; returns how many went. */
    private int sendGreedily(Gcra gcra, long end) {
        int admitted = 0;
        while (clock.getAsLong() - end < 0) {
            long wait = gcra.tryAcquire(clock.getAsLong());
            if (wait == 0) {
                admitted++;
            } else {
                assertThat(wait).isPositive();
                clock.advance(wait);
            }
        }
        return admitted;
    }

    @Test
    void sixtySecondsAtOneHundredPerSecondAdmitsTheTheoreticalCount() {
        Gcra gcra = new Gcra(100, 10);
        int admitted = sendGreedily(gcra, clock.getAsLong() + 60 * SECOND);
        // b + ceil(W / T) - 1 in [start, start + W): 10 at once, then one every 10 ms from 10 ms to 59.99 s.
        int theoretical = 10 + 6000 - 1;
        assertThat(admitted).isEqualTo(theoretical);
        assertThat((double) admitted).isCloseTo(6000, within(6000 * 0.05));
    }

    @Test
    void pollingOnAFixedTickAdmitsTheSameCount() {
        Gcra gcra = new Gcra(100, 10);
        int admitted = 0;
        for (long t = 0; t < 60 * SECOND; t += MS, clock.advance(MS)) {
            while (gcra.tryAcquire(clock.getAsLong()) == 0) {
                admitted++;
            }
        }
        assertThat(admitted).isEqualTo(6009);
    }

    @Test
    void anIdleFlowMaySendItsBurstAtOnceThenOnePerInterval() {
        Gcra gcra = new Gcra(100, 10);
        long now = clock.getAsLong();
        for (int i = 0; i < 10; i++) {
            assertThat(gcra.tryAcquire(now)).as("message %d of the burst", i + 1).isZero();
        }
        assertThat(gcra.tryAcquire(now)).isEqualTo(10 * MS);
        assertThat(gcra.tryAcquire(now)).as("a refusal books nothing").isEqualTo(10 * MS);
        assertThat(gcra.tryAcquire(now + 10 * MS - 1)).isEqualTo(1);
        assertThat(gcra.tryAcquire(now + 10 * MS)).isZero();
        assertThat(gcra.tryAcquire(now + 10 * MS)).isEqualTo(10 * MS);

        // A long idle spell earns the burst back, and no more.
        long later = now + 10 * SECOND;
        for (int i = 0; i < 10; i++) {
            assertThat(gcra.tryAcquire(later)).isZero();
        }
        assertThat(gcra.tryAcquire(later)).isEqualTo(10 * MS);
    }

    @Test
    void burstOfOneIsStrictPacing() {
        Gcra gcra = new Gcra(4, 1);
        long now = clock.getAsLong();
        assertThat(gcra.tryAcquire(now)).isZero();
        assertThat(gcra.tryAcquire(now)).isEqualTo(250 * MS);
        assertThat(gcra.tryAcquire(now + 250 * MS)).isZero();
    }

    @Test
    void slowingDownMidStreamOpensNoFreshBurst() {
        Gcra gcra = new Gcra(100, 10);
        sendGreedily(gcra, clock.getAsLong() + 5 * SECOND); // saturated: 9 booked ahead, the next one due now
        long now = clock.getAsLong();
        gcra.setRate(50, now);
        assertThat(gcra.rate()).isEqualTo(50);
        assertThat(gcra.tryAcquire(now)).isZero();
        // Keeping the TAT and widening tau to 10 x 20 ms would let 5 more through at once here.
        assertThat(gcra.tryAcquire(now)).isEqualTo(20 * MS);
    }

    @Test
    void setRateMidStreamTakesEffectAtTheNewRate() {
        Gcra gcra = new Gcra(100, 10);
        long start = clock.getAsLong();
        int first = sendGreedily(gcra, start + 30 * SECOND);
        assertThat(first).isEqualTo(10 + 3000 - 1);
        gcra.setRate(50); // from the last time seen, as the backoff's caller does
        int switchSecond = sendGreedily(gcra, start + 31 * SECOND);
        assertThat(switchSecond).isBetween(49, 51);
        assertThat(sendGreedily(gcra, start + 60 * SECOND)).isEqualTo(29 * 50);

        gcra.setRate(200);
        int faster = sendGreedily(gcra, start + 61 * SECOND);
        assertThat(faster).as("the booked backlog re-spaced, no more than a burst on top").isBetween(200, 210);
        assertThat(sendGreedily(gcra, start + 71 * SECOND)).isEqualTo(10 * 200);
    }

    @Test
    void unlimitedAdmitsEverythingAndALimitStartsIdle() {
        Gcra gcra = new Gcra(0, 5);
        long now = clock.getAsLong();
        for (int i = 0; i < 1000; i++) {
            assertThat(gcra.tryAcquire(now)).isZero();
        }
        gcra.setRate(10, now);
        for (int i = 0; i < 5; i++) {
            assertThat(gcra.tryAcquire(now)).isZero();
        }
        assertThat(gcra.tryAcquire(now)).isEqualTo(100 * MS);
        gcra.setRate(-1, now);
        assertThat(gcra.tryAcquire(now)).isZero();
    }
}
