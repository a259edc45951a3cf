package dev.salvo.engine;

import dev.salvo.config.Shaping;
import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.throttle.Backoff;
import dev.salvo.throttle.ConnectionRateLimiter;
import dev.salvo.throttle.Gcra;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One destination site (a relay, or the MX hosts that a rollup puts together): its ready queue,
 * its retry queue, its shaping (message rate, connection caps, new connections per minute,
 * messages per connection, recipients per transaction), its adaptive backoff and its pool of
 * sessions. All of it is confined to the dispatch thread; {@link DispatchLoop} drives it.
 */
final class Destination {
    /** Transactions one session may have outstanding; pipelining makes more pointless. */
    static final int WINDOW = 32;
    /**
     * A settled transaction wakes the dispatch thread only once its connection has this many or
     * fewer still unsettled: until then the connection has work queued, and the answers wait for
     * the next pass (one wake-up per half a window instead of one per message).
     */
    static final int LOW_WATER = WINDOW / 2;
    private static final long MAX_HOST_BACKOFF = java.util.concurrent.TimeUnit.MINUTES.toNanos(5);

    final String site;
    final Shaping shaping;
    final List<ConnectionSettings> hosts;
    final ArrayDeque<QueuedRecipient> ready = new ArrayDeque<>();
    final PriorityQueue<QueuedRecipient> scheduled = new PriorityQueue<>(Comparator.comparingLong(r -> r.nextAttempt));
    final List<SiteConnection> connections = new ArrayList<>();
    final Gcra rate;
    final ConnectionRateLimiter newConnections;
    final Backoff backoff;
    private final double baseRate;
    int connecting;
    /** No new connection before this time (the new-connection rate, or every host backing off). */
    long connectRetryAt;
    /** Per host, in preference order: consecutive failures to open a session, and when it may be tried again. */
    private final int[] hostFailures;
    private final long[] hostRetryAt;
    int inFlightRecipients;
    /** Copies of the counts above for the metrics thread, refreshed after every pass. */
    volatile int gaugeOpen;
    volatile int gaugeBusy;
    volatile int gaugeReady;
    volatile int gaugeScheduled;
    volatile int gaugeBackoff;

    Destination(String site, Shaping shaping, List<ConnectionSettings> hosts) {
        this.site = site;
        this.shaping = shaping;
        this.hosts = hosts;
        this.hostFailures = new int[hosts.size()];
        this.hostRetryAt = new long[hosts.size()];
        this.baseRate = shaping.rate() == null ? 0 : shaping.rate().perSecond();
        this.rate = new Gcra(baseRate, Math.max(1, (int) Math.min(100, baseRate / 10)));
        this.newConnections = new ConnectionRateLimiter(shaping.maxNewConnectionsPerMinute());
        var b = shaping.backoff();
        this.backoff = new Backoff(b.suspendOn421(), b.rateLimitBurst(), b.rateLimitWindow(), b.suspendOnRateLimit(),
                b.slowdownFactor(), b.rampUp());
    }

    /**
     * The most preferred host not backing off (RFC 5321 §5.1: try MX hosts in preference order), or
     * -1 when every host is; then {@link #nextHostRetry()} says when one may be tried again.
     */
    int pickHost(long now) {
        for (int i = 0; i < hostRetryAt.length; i++) {
            if (hostRetryAt[i] - now <= 0) {
                return i;
            }
        }
        return -1;
    }

    long nextHostRetry() {
        long min = Long.MAX_VALUE;
        for (long t : hostRetryAt) {
            min = Math.min(min, t);
        }
        return min;
    }

    /** A host did not open a session: it backs off 1 s, 2 s, 4 s … up to 5 minutes; at once 5 minutes for a permanent refusal. */
    void hostFailed(int host, long now, boolean permanent) {
        int n = ++hostFailures[host];
        long delay = permanent ? MAX_HOST_BACKOFF : Math.min(MAX_HOST_BACKOFF, java.util.concurrent.TimeUnit.SECONDS.toNanos(1) << Math.min(n - 1, 9));
        hostRetryAt[host] = now + delay;
    }

    void hostSucceeded(int host) {
        hostFailures[host] = 0;
        hostRetryAt[host] = 0;
    }

    /** The configured rate times the backoff's factor now; 0 means unlimited. */
    void applyBackoffRate(long now) {
        if (baseRate > 0) {
            double want = baseRate * backoff.rateFactor(now);
            if (want != rate.rate()) {
                rate.setRate(want);
            }
        }
    }

    /** A session that can take one more transaction now, or null. */
    SiteConnection available() {
        SiteConnection best = null;
        // Indexed, not for-each: this runs for every transaction, and an iterator is an allocation.
        for (int i = 0; i < connections.size(); i++) {
            SiteConnection c = connections.get(i);
            if (c.usable(shaping.maxMessagesPerConnection(), WINDOW) && (best == null || c.inFlight < best.inFlight)) {
                best = c;
            }
        }
        return best;
    }

    boolean mayOpen(long now) {
        return connections.size() + connecting < shaping.maxConnections() && now >= connectRetryAt;
    }

    boolean idle() {
        return ready.isEmpty() && scheduled.isEmpty() && inFlightRecipients == 0 && connecting == 0;
    }

    void publishGauges(long now) {
        int busy = 0;
        for (int i = 0; i < connections.size(); i++) {
            busy += connections.get(i).inFlight > 0 ? 1 : 0;
        }
        gaugeOpen = connections.size();
        gaugeBusy = busy;
        gaugeReady = ready.size();
        gaugeScheduled = scheduled.size();
        gaugeBackoff = backoff.state(now).ordinal();
    }

    int queued() {
        return ready.size() + scheduled.size();
    }
}
