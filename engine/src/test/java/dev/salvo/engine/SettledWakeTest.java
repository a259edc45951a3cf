package dev.salvo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salvo.api.BounceOptions;
import dev.salvo.api.EngineStats;
import dev.salvo.config.RetryPolicy;
import dev.salvo.config.SalvoConfig;
import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.TlsMode;
import dev.salvo.smtp.TrustSource;
import dev.salvo.throttle.RetrySchedule;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * A settled transaction wakes the dispatch thread only when its connection runs short of work, and
 * every answer reaches the completion queue either way: none is stranded, none costs a wake-up it
 * does not need.
 */
class SettledWakeTest {

    private static DispatchLoop idleLoop() {
        SalvoConfig config = SalvoConfig.defaultConfig();
        ConnectionSettings relay = ConnectionSettings.relay("mx.test", 25).withTls(TlsMode.NONE, TrustSource.system())
                .withEhloName("client.test");
        EngineStats.Counters counters = new EngineStats.Counters();
        OutcomeLog outcomes = new OutcomeLog(null, null, Clock.systemUTC(), counters,
                new Bounces(BounceOptions.defaults(), Clock.systemUTC()));
        RetryPolicy p = config.retry();
        return new DispatchLoop(16, new Router(config, null, relay, name -> null), null, outcomes,
                new RetrySchedule(p.initial(), p.factor(), p.maxInterval(), p.jitter(), p.maxAge()), System::nanoTime,
                counters, null, null);
    }

    @Test
    void answersWakeTheDispatcherOnlyOnceTheirConnectionIsDownToTheLowWaterMark() {
        DispatchLoop loop = idleLoop();
        SiteConnection c = new SiteConnection(null, 0);
        c.unsettled.set(Destination.WINDOW); // a full window handed to the connection
        int quiet = Destination.WINDOW - Destination.LOW_WATER - 1;
        for (int i = 0; i < quiet; i++) {
            c.slot(null, loop, 1).transactionDone(null);
        }
        assertThat(loop.completions.size()).isEqualTo(quiet);
        assertThat(loop.wakePending()).as("answers while the connection still has work queued").isFalse();

        c.slot(null, loop, 1).transactionDone(null); // down to the mark
        assertThat(c.unsettled.get()).isEqualTo(Destination.LOW_WATER);
        assertThat(loop.wakePending()).isTrue();
        assertThat(loop.completions.size()).isEqualTo(quiet + 1);
    }

    @Test
    void aLoneTransactionWakesTheDispatcherAtOnce() {
        DispatchLoop loop = idleLoop();
        SiteConnection c = new SiteConnection(null, 0);
        c.unsettled.set(1); // one transactional message, nothing else under way
        c.slot(null, loop, 1).transactionDone(null);
        assertThat(c.unsettled.get()).isZero();
        assertThat(loop.wakePending()).isTrue();
        assertThat(loop.completions.size()).isEqualTo(1);
    }
}
