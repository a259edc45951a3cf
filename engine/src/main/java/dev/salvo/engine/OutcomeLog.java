package dev.salvo.engine;

import dev.salvo.api.DeliveryListener;
import dev.salvo.api.EngineStats;
import dev.salvo.bounce.Classification;
import dev.salvo.events.DeliveryEvent;
import dev.salvo.events.DeliveryEvent.Outcome;
import dev.salvo.events.EventLog;
import dev.salvo.metrics.SalvoMetrics;
import dev.salvo.smtp.SmtpReply;
import dev.salvo.suppress.Suppression;
import dev.salvo.suppress.SuppressionList;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every recipient outcome goes through here, on the dispatch thread: the events log, the
 * listeners, the metrics and the counters that progress lines read.
 */
final class OutcomeLog {
    private final EventLog events;
    private final SalvoMetrics metrics;
    private final Clock clock;
    private final EngineStats.Counters counters;
    private final Bounces bounces;
    private final List<DeliveryListener> listeners = new CopyOnWriteArrayList<>();

    OutcomeLog(EventLog events, SalvoMetrics metrics, Clock clock, EngineStats.Counters counters, Bounces bounces) {
        this.events = events;
        this.bounces = bounces;
        this.metrics = metrics;
        this.clock = clock;
        this.counters = counters;
    }

    void addListener(DeliveryListener l) {
        listeners.add(l);
    }

    /** The bounce rules and suppression list, for the dispatch thread's decisions. */
    Bounces bounces() {
        return bounces;
    }

    /** A recipient refused before it was submitted (a bad row): any thread. */
    void rejected(String recipient, String reason) {
        emit(new DeliveryEvent(clock.instant(), Outcome.REJECTED, null, recipient, "-", 0, null, null, reason, null), "-", null);
    }

    /**
     * Dispatch thread: the outcome of an attempt (or of routing), with the reply's bounce class.
     *
     * @param destination "host:port" of the server that answered, or the site when none did
     * @param tls the session's TLS protocol or null
     */
    void record(Outcome outcome, QueuedRecipient r, String site, String destination, SmtpReply reply, String tls) {
        Classification c = reply == null || outcome == Outcome.DELIVERED ? null : bounces.classify(reply);
        String cls = c == null ? null : c.bounceClass().wireName();
        emit(new DeliveryEvent(clock.instant(), outcome, r.envelope.messageId, r.text(), destination, r.attempts,
                reply == null ? null : reply.code(), reply == null ? null : reply.enhancedCode(),
                reply == null ? null : reply.text(), tls, cls), site, cls);
    }

    /** Submitter's thread: a recipient on the suppression list, not sent; final. */
    void suppressed(String messageId, String recipient, Suppression why) {
        emit(new DeliveryEvent(clock.instant(), Outcome.SUPPRESSED, messageId, recipient, "-", 0, null, null,
                "suppressed (" + why.reason().wireName() + (why.scope().equals(SuppressionList.GLOBAL) ? "" : ", for " + why.scope())
                        + ", since " + why.since() + (why.detail().isEmpty() ? "" : "): " + why.detail()), null), "-", null);
    }

    /** @param bounceClass the class label, or null for none */
    private void emit(DeliveryEvent e, String site, String bounceClass) {
        counters.count(e.event());
        if (events != null) {
            events.append(e);
        }
        if (metrics != null) {
            metrics.outcome(site, e.event().wireName(), bounceClass);
        }
        for (DeliveryListener l : listeners) {
            l.onEvent(e, site);
        }
    }
}
