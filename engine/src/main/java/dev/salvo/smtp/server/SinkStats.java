package dev.salvo.smtp.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** A sink's counters. Every reader is thread-safe; sessions on any event loop write them. */
public final class SinkStats {
    private final LongAdder connectionsAccepted = new LongAdder();
    private final AtomicInteger sessionsNow = new AtomicInteger();
    private final LongAccumulator sessionsMax = new LongAccumulator(Math::max, 0);
    private final LongAdder messagesAccepted = new LongAdder();
    private final LongAdder recipientsAccepted = new LongAdder();
    private final LongAdder recipientsRejected = new LongAdder();
    private final LongAdder recipientsTempfailed = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder tlsHandshakes = new LongAdder();
    private final LongAdder authSuccesses = new LongAdder();
    private final LongAdder authFailures = new LongAdder();

    SinkStats() {}

    public long connectionsAccepted() { return connectionsAccepted.sum(); }
    public int sessionsNow() { return sessionsNow.get(); }
    public long sessionsMax() { return sessionsMax.get(); }
    public long messagesAccepted() { return messagesAccepted.sum(); }
    public long recipientsAccepted() { return recipientsAccepted.sum(); }
    public long recipientsRejected() { return recipientsRejected.sum(); }
    public long recipientsTempfailed() { return recipientsTempfailed.sum(); }
    /** Octets of message content received (DATA before unstuffing, BDAT chunks). */
    public long bytesReceived() { return bytesReceived.sum(); }
    public long tlsHandshakes() { return tlsHandshakes.sum(); }
    public long authSuccesses() { return authSuccesses.sum(); }
    public long authFailures() { return authFailures.sum(); }

    /** Counts a connection and returns the sessions now open, this one included. */
    int sessionOpened() {
        connectionsAccepted.increment();
        int now = sessionsNow.incrementAndGet();
        sessionsMax.accumulate(now);
        return now;
    }

    void sessionClosed() { sessionsNow.decrementAndGet(); }
    void messageAccepted() { messagesAccepted.increment(); }
    void recipientAccepted() { recipientsAccepted.increment(); }
    void recipientRejected() { recipientsRejected.increment(); }
    void recipientTempfailed() { recipientsTempfailed.increment(); }
    void bytesReceived(long n) { bytesReceived.add(n); }
    void tlsHandshake() { tlsHandshakes.increment(); }
    void authSucceeded() { authSuccesses.increment(); }
    void authFailed() { authFailures.increment(); }

    /** One line per counter, for the CLI's summary on exit. */
    public String summary() {
        return String.join(System.lineSeparator(),
                "connections accepted   " + connectionsAccepted(),
                "sessions now / max     " + sessionsNow() + " / " + sessionsMax(),
                "messages accepted      " + messagesAccepted(),
                "recipients accepted    " + recipientsAccepted(),
                "recipients rejected    " + recipientsRejected(),
                "recipients tempfailed  " + recipientsTempfailed(),
                "bytes received         " + bytesReceived(),
                "TLS handshakes         " + tlsHandshakes(),
                "auth successes         " + authSuccesses(),
                "auth failures          " + authFailures());
    }

    @Override
    public String toString() {
        return summary().replace(System.lineSeparator(), "; ");
    }
}
