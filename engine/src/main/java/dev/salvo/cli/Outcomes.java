package dev.salvo.cli;

import dev.salvo.events.DeliveryEvent;
import dev.salvo.events.DeliveryEvent.Outcome;
import dev.salvo.events.EventLog;
import dev.salvo.smtp.RecipientResult;
import dev.salvo.smtp.SessionInfo;
import dev.salvo.smtp.SmtpReply;
import dev.salvo.smtp.TransactionResult;
import java.time.Clock;

/** Turns each recipient's outcome into a count in the {@link Tally} and a line in the events log. */
final class Outcomes {
    private final Tally tally;
    private final EventLog events; // null without --events
    private final Clock clock;
    private final String messageId;
    private final String destination;

    Outcomes(Tally tally, EventLog events, Clock clock, String messageId, String destination) {
        this.tally = tally;
        this.events = events;
        this.clock = clock;
        this.messageId = messageId;
        this.destination = destination;
    }

    Tally tally() {
        return tally;
    }

    /** A recipient refused before sending; never attempted, hence attempt 0. */
    void rejected(RecipientsFile.Rejection r) {
        tally.rejected++;
        if (events != null) {
            events.append(new DeliveryEvent(clock.instant(), Outcome.REJECTED, messageId, r.text(), destination,
                    0, null, null, r.reason(), null));
        }
    }

    void completed(TransactionResult result) {
        SessionInfo session = result.session();
        String tls = session == null ? null : session.tlsProtocol();
        for (RecipientResult r : result.recipients()) {
            Outcome outcome = switch (r.status()) {
                case DELIVERED -> Outcome.DELIVERED;
                case DEFERRED -> Outcome.DEFERRED;
                case BOUNCED -> Outcome.BOUNCED;
            };
            record(outcome, r.recipient().address(), r.reply(), tls);
        }
    }

    /** A recipient that never went out because the run lost its relay; counted as deferred. */
    void notSent(String recipient, SmtpReply reason) {
        record(Outcome.DEFERRED, recipient, reason, null);
    }

    private void record(Outcome outcome, String recipient, SmtpReply reply, String tls) {
        switch (outcome) {
            case DELIVERED -> tally.delivered++;
            case DEFERRED -> tally.deferred++;
            default -> tally.bounced++;
        }
        if (outcome != Outcome.DELIVERED) {
            tally.failure(reply);
        }
        if (events != null) {
            events.append(new DeliveryEvent(clock.instant(), outcome, messageId, recipient, destination, 1,
                    reply.code(), reply.enhancedCode(), reply.text(), tls));
        }
    }
}
