package dev.salvo.blast;

import dev.salvo.smtp.SessionFailure;
import dev.salvo.smtp.Transaction;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler: runs on the caller's thread (never an event loop), decides when each message is
 * due, and hands it to a lane with room. Open loop (a rate): message n is due at start + its
 * {@link SendTimes} offset whatever the server does, and its latency counts from then, so a
 * stalled server shows up in the percentiles. Closed loop (no rate): each lane's window is kept
 * full and a message is due when it goes out.
 */
final class BlastRun {
    /** The longest park: completions and opened connections wake us sooner ({@link Waker}); this bounds a missed one. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** Why a run ended early. */
    static final class TargetUnusable extends RuntimeException {
        TargetUnusable(String message) {
            super(message, null, false, false);
        }
    }

    private final BlastPlan plan;
    private final TransactionDeck deck;
    private final BlastMeters meters;
    private final List<Lane> lanes;
    private final Waker waker;
    private final SendTimes times;
    private final long stallLimitNanos;
    private Timeline timeline;
    private long start;
    private int nextLane;
    private int failuresInARow;
    private long openedSeen;

    /** @param stallLimitNanos how long a message may wait for a window before the target is given up on */
    BlastRun(BlastPlan plan, TransactionDeck deck, BlastMeters meters, List<Lane> lanes, Waker waker, long stallLimitNanos) {
        this.waker = waker;
        this.stallLimitNanos = stallLimitNanos;
        this.plan = plan;
        this.deck = deck;
        this.meters = meters;
        this.lanes = lanes;
        this.times = plan.rate() > 0 ? new SendTimes(plan.rate(), plan.rampUpNanos()) : null;
    }

    /**
     * Opens every lane's connection and waits, at most {@code limitNanos}, until each is open or
     * has failed, before the clock starts: otherwise the first messages of an open loop would be
     * due before any connection could take them, and our own start-up would pass for the server's
     * latency. Session setup is measured in its own phases.
     */
    void openAll(long limitNanos) {
        for (Lane lane : lanes) {
            lane.open();
        }
        long deadline = System.nanoTime() + limitNanos;
        while (lanes.stream().anyMatch(Lane::isConnecting) && System.nanoTime() - deadline < 0) {
            checkLanes();
            LockSupport.parkNanos(MAX_PARK_NANOS);
        }
        checkLanes();
    }

    /** Sends every message from {@code startNanos}; throws {@link TargetUnusable} when the target cannot be used at all. */
    void send(Timeline timeline, long startNanos) {
        this.timeline = timeline;
        this.start = startNanos;
        long end = plan.durationNanos() > 0 ? start + plan.durationNanos() : Long.MAX_VALUE;
        for (long n = 0; plan.count() == 0 || n < plan.count(); n++) {
            long due = 0;
            if (times != null) {
                due = start + times.dueNanos(n);
                if (due - end >= 0) {
                    break;
                }
                waitUntil(due);
            } else if (System.nanoTime() - end >= 0) {
                break;
            }
            handOver(n, due);
        }
    }

    /** Waits for the answers to everything handed over, at most {@code limitNanos}; ticking meanwhile. */
    void drain(long limitNanos) {
        long deadline = System.nanoTime() + limitNanos;
        while (outstanding() > 0) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return;
            }
            tickIfDue(now);
            waker.park(Math.min(MAX_PARK_NANOS, deadline - now), () -> outstanding() == 0);
        }
    }

    private void waitUntil(long due) {
        long now;
        while ((now = System.nanoTime()) - due < 0) {
            tickIfDue(now);
            checkLanes();
            LockSupport.parkNanos(Math.min(due - now, Math.max(0, timeline.nextTickNanos() - now)) + 1);
        }
    }

    /**
     * Offers message n to the lanes round robin until one takes it; in a closed loop ({@code
     * times == null}) it is due when it goes. Gives up on the target when no lane has taken a
     * message for {@code stallLimitNanos}: by then the client's own timeouts should have freed a window.
     */
    private void handOver(long n, long due) {
        Transaction tx = deck.get(n);
        int octets = deck.octets(n);
        long since = System.nanoTime();
        long now;
        while ((now = System.nanoTime()) - since < stallLimitNanos) {
            tickIfDue(now);
            checkLanes();
            for (int i = 0; i < lanes.size(); i++) {
                Lane lane = lanes.get(nextLane);
                nextLane = nextLane + 1 == lanes.size() ? 0 : nextLane + 1;
                if (lane.offer(tx, octets, times == null ? now : due, now)) {
                    return;
                }
            }
            // Every lane is full or opening: wait for an answer or a connection (each wakes us).
            waker.park(MAX_PARK_NANOS, this::anyLaneWantsUs);
        }
        throw new TargetUnusable("no connection could take a message for " + stallLimitNanos / 1_000_000_000L + " s");
    }

    /**
     * Gives up on the target after a permanent failure (AUTH refused, TLS impossible), or after
     * every lane has failed to open a connection several times in a row with none opening between.
     */
    private void checkLanes() {
        long opened = meters.connectionsOpened.sum();
        if (opened != openedSeen) {
            openedSeen = opened;
            failuresInARow = 0;
        }
        for (Lane lane : lanes) {
            SessionFailure f = lane.takeFailure();
            if (f == null) {
                continue;
            }
            if (f.kind().permanent()) {
                throw new TargetUnusable(f.kind() + ": " + f.getMessage());
            }
            failuresInARow++;
            int limit = opened == 0 ? lanes.size() : Math.max(3 * lanes.size(), 10);
            if (failuresInARow >= limit) {
                throw new TargetUnusable(failuresInARow + " attempts in a row to open a connection failed, the last with "
                        + f.kind() + ": " + f.getMessage());
            }
        }
    }

    private void tickIfDue(long now) {
        if (now - timeline.nextTickNanos() >= 0) {
            timeline.tick(now);
        }
    }

    private boolean anyLaneWantsUs() {
        long now = System.nanoTime();
        for (int i = 0; i < lanes.size(); i++) {
            if (lanes.get(i).wantsScheduler(now)) {
                return true;
            }
        }
        return false;
    }

    private int outstanding() {
        int n = 0;
        for (Lane lane : lanes) {
            n += lane.outstanding();
        }
        return n;
    }
}
