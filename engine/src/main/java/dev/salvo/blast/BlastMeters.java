package dev.salvo.blast;

import dev.salvo.smtp.DeliveryStatus;
import dev.salvo.smtp.OpeningLatency;
import dev.salvo.smtp.RecipientResult;
import dev.salvo.smtp.SessionFailure;
import dev.salvo.smtp.TransactionResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything a blast counts. Written from event-loop callbacks without locks (HdrHistogram
 * recorders, adders, atomic arrays indexed by reply code); read by the scheduler thread.
 */
final class BlastMeters {
    /** Reply codes are three digits (RFC 5321 §4.2); an array indexed by code needs no map and no lock. */
    static final int CODES = 600;

    final PhaseMeter total = new PhaseMeter("total");
    final PhaseMeter connect = new PhaseMeter("connect");
    final PhaseMeter greeting = new PhaseMeter("greeting");
    final PhaseMeter ehlo = new PhaseMeter("ehlo");
    final PhaseMeter starttls = new PhaseMeter("starttls");
    final PhaseMeter auth = new PhaseMeter("auth");
    final PhaseMeter mailToData = new PhaseMeter("mail_to_data");
    final PhaseMeter endOfData = new PhaseMeter("end_of_data");
    final List<PhaseMeter> phases = List.of(total, connect, greeting, ehlo, starttls, auth, mailToData, endOfData);

    final LongAdder sent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder deferred = new LongAdder();
    final LongAdder bounced = new LongAdder();
    final LongAdder connectionsOpened = new LongAdder();
    /** System.nanoTime() of the last completion: the run's throughput is measured up to it. */
    final LongAccumulator lastCompletion = new LongAccumulator(Math::max, Long.MIN_VALUE);
    /** Per recipient: the reply that decided it. */
    final AtomicLongArray replyCodes = new AtomicLongArray(CODES);
    final AtomicLongArray deferredByCode = new AtomicLongArray(CODES);
    final AtomicLongArray bouncedByCode = new AtomicLongArray(CODES);
    final AtomicLongArray sessionFailures = new AtomicLongArray(SessionFailure.Kind.values().length);

    /** Scheduler thread, as it hands a message over. */
    void handedOver(int octets) {
        sent.increment();
        bytesSent.add(octets);
    }

    /** Event loop: a connection opened. */
    void opened(OpeningLatency l) {
        connectionsOpened.increment();
        connect.record(l.connect());
        greeting.record(l.greeting());
        ehlo.record(l.ehlo());
        starttls.record(l.starttls());
        auth.record(l.auth());
    }

    /** Event loop: a connection could not be opened. */
    void failed(SessionFailure.Kind kind) {
        sessionFailures.incrementAndGet(kind.ordinal());
    }

    /**
     * Event loop: a transaction finished. Its latency runs from when it was due, not from when it
     * went out, so time spent queued behind a slow server counts (no coordinated omission).
     */
    void completed(TransactionResult r, long dueNanos, long nowNanos) {
        total.record(nowNanos - dueNanos);
        mailToData.record(r.mailToDataNanos());
        endOfData.record(r.endOfDataNanos());
        DeliveryStatus worst = DeliveryStatus.DELIVERED;
        for (RecipientResult rr : r.recipients()) {
            int code = Math.floorMod(rr.reply().code(), CODES);
            replyCodes.incrementAndGet(code);
            switch (rr.status()) {
                case DEFERRED -> {
                    deferredByCode.incrementAndGet(code);
                    worst = worst == DeliveryStatus.BOUNCED ? worst : DeliveryStatus.DEFERRED;
                }
                case BOUNCED -> {
                    bouncedByCode.incrementAndGet(code);
                    worst = DeliveryStatus.BOUNCED;
                }
                case DELIVERED -> { }
            }
        }
        switch (worst) {
            case DELIVERED -> delivered.increment();
            case DEFERRED -> deferred.increment();
            case BOUNCED -> bounced.increment();
        }
        completed.increment();
        lastCompletion.accumulate(nowNanos);
    }

    long failedMessages() {
        return deferred.sum() + bounced.sum();
    }
}
