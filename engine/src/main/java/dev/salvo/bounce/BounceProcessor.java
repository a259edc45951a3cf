package dev.salvo.bounce;

import dev.salvo.bounce.report.RecipientStatus;
import dev.salvo.bounce.report.Report;
import dev.salvo.bounce.report.ReportEnvelope;
import dev.salvo.bounce.report.ReportParser;
import dev.salvo.bounce.report.ReturnedMessage;
import dev.salvo.bounce.verp.VerpCodec;
import dev.salvo.bounce.verp.VerpResult;
import dev.salvo.bounce.verp.VerpToken;
import dev.salvo.events.DeliveryEvent;
import dev.salvo.events.DeliveryEvent.Outcome;
import dev.salvo.suppress.Suppression;
import dev.salvo.suppress.SuppressionList;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns one inbound report into events and suppressions: parse it ({@link ReportParser}), match it to
 * the message and recipient Salvo sent, emit a late {@code bounced} / {@code deferred} or a
 * {@code complaint} event, and add hard bounces and complaints to the suppression list. What cannot be
 * read or matched is {@link SetAside set aside} with the reason. Never throws on bad input.
 *
 * <p>Matching: by the VERP token of the address the report was sent to, whose MAC proves Salvo made
 * it. Without a token, by the returned message's headers (a Message-ID and the recipient the report
 * names); such a match is marked "-unverified" in the event, and it changes the suppression list only
 * when {@code trustUnverified} is set, because anyone can write a DSN naming any address, and an
 * unsigned report could otherwise suppress a real subscriber.
 *
 * <p>Suppression scope: a hard bounce is about the address (the mailbox does not exist), so it is
 * global; a complaint is about the sender, so it is scoped to the returned message's From domain
 * (global when the report does not return it).
 *
 * <p>Thread-safe if the suppression list and the event sink are; the listener calls it from its one
 * store thread.
 */
public final class BounceProcessor {
    /** Which kind of report an outcome came from. */
    public enum Kind { MATCHED, UNMATCHED, MALFORMED, FORGED }

    /** What became of one report: its kind, the events it produced, and one line for people. */
    public record Result(Kind kind, List<DeliveryEvent> events, String line) {}

    private final VerpCodec verp;
    private final SuppressionList suppressions;
    private final Consumer<DeliveryEvent> events;
    private final SetAside setAside;
    private final boolean trustUnverified;
    private final Clock clock;
    private final Classifier classifier;
    private final BounceStats stats = new BounceStats();

    /**
     * @param verp reads VERP addresses; null when no VERP secret is configured (then every match is by headers)
     * @param events where events go (the events log's append); called on the caller's thread
     */
    public BounceProcessor(VerpCodec verp, SuppressionList suppressions, Consumer<DeliveryEvent> events, SetAside setAside,
            boolean trustUnverified, Clock clock) {
        this(verp, suppressions, events, setAside, trustUnverified, clock, dev.salvo.config.BounceRulesLoader.defaults());
    }

    /** @param classifier the bounce rules that give a late bounce its class, as they do a refusal in a session */
    public BounceProcessor(VerpCodec verp, SuppressionList suppressions, Consumer<DeliveryEvent> events, SetAside setAside,
            boolean trustUnverified, Clock clock, Classifier classifier) {
        this.classifier = classifier;
        this.verp = verp;
        this.suppressions = suppressions;
        this.events = events;
        this.setAside = setAside;
        this.trustUnverified = trustUnverified;
        this.clock = clock;
    }

    /**
     * The bounce rules' class of a DSN's recipient: its SMTP reply when the report quotes one, else
     * its Status with a code of the same class (a DSN often carries only "5.1.1").
     */
    private String classOf(RecipientStatus r) {
        int code = r.smtpCode() != null ? r.smtpCode()
                : r.status() != null && r.status().startsWith("4") ? 450 : 550;
        Classification c = classifier.classify(code, r.status(), r.diagnostic());
        return c == null ? null : c.bounceClass().wireName();
    }

    public BounceStats stats() {
        return stats;
    }

    /** Counts a recipient the listener refused at RCPT time (it never became a report). */
    public void refusedAtRcpt(boolean forged) {
        stats.refusedRecipients.incrementAndGet();
        if (forged) {
            stats.forged.incrementAndGet();
        }
    }

    /**
     * Processes one report.
     *
     * @param envelopeRecipients the RCPT TO addresses it came in for; empty for a report read from a file
     *     (the Delivered-To, X-Original-To and To fields stand in for them)
     */
    public Result process(List<String> envelopeRecipients, byte[] raw) throws IOException {
        stats.reports.incrementAndGet();
        List<String> addressed = envelopeRecipients.isEmpty() ? ReportEnvelope.addressedTo(raw) : envelopeRecipients;
        VerpToken token = null;
        if (verp != null) {
            for (String a : addressed) {
                VerpResult r = verp.decode(a);
                if (r.ok()) {
                    token = r.token();
                    break;
                }
                if (r.status() != VerpResult.Status.NOT_OURS) {
                    stats.forged.incrementAndGet();
                    return setAside(Kind.FORGED, raw, "refused VERP address " + a + ": " + r.reason());
                }
            }
        }
        Report report = ReportParser.parse(raw);
        if (report instanceof Report.Unreadable u) {
            stats.malformed.incrementAndGet();
            return setAside(Kind.MALFORMED, raw, u.reason());
        }
        if (report instanceof Report.Delivery d) {
            return delivery(d, token, raw);
        }
        return complaint((Report.Complaint) report, token, raw);
    }

    private Result delivery(Report.Delivery d, VerpToken token, byte[] raw) throws IOException {
        List<DeliveryEvent> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        List<RecipientStatus> relevant = d.recipients().stream()
                .filter(r -> r.action() == RecipientStatus.Action.FAILED || r.action() == RecipientStatus.Action.DELAYED)
                .toList();
        if (relevant.isEmpty()) {
            stats.unmatched.incrementAndGet();
            return setAside(Kind.UNMATCHED, raw, "the report says no recipient failed or was delayed (a success notice?)");
        }
        for (RecipientStatus r : relevant) {
            String recipient = recipientOf(r, token, relevant.size(), d.returned());
            if (recipient == null) {
                continue;
            }
            boolean verified = token != null;
            if (!verified && d.returned().messageId() == null) {
                continue; // no token and no returned message: nothing ties it to mail Salvo sent
            }
            String destination = r.remoteMta() != null ? r.remoteMta() : d.reportingMta() != null ? d.reportingMta() : "unknown";
            boolean delayed = r.action() == RecipientStatus.Action.DELAYED;
            DeliveryEvent e = new DeliveryEvent(clock.instant(), delayed ? Outcome.DEFERRED : Outcome.BOUNCED,
                    d.returned().messageId(), recipient, destination, 0, r.smtpCode(), r.status(), response(r), null,
                    classOf(r), verified ? "dsn" : "dsn-unverified");
            out.add(e);
            (delayed ? stats.delayed : stats.bounced).incrementAndGet();
            boolean suppressed = false;
            if (r.permanent() && (verified || trustUnverified)) {
                String detail = (r.status() == null ? "" : r.status() + " ") + (r.diagnostic() == null ? "" : r.diagnostic());
                suppressed = add(new Suppression(SuppressionList.GLOBAL, recipient, Suppression.Reason.HARD_BOUNCE,
                        "late bounce (" + d.format() + "): " + detail.strip(), clock.instant()));
            }
            if (line.length() > 0) {
                line.append('\n');
            }
            line.append(String.format("%-9s %s %s %s%s%s", e.event().wireName(), recipient,
                    r.status() == null ? "-" : r.status(), d.format(), verified ? " verp" : " headers",
                    suppressed ? " +suppressed" : ""));
        }
        if (out.isEmpty()) {
            stats.unmatched.incrementAndGet();
            return setAside(Kind.UNMATCHED, raw, token == null
                    ? "no VERP token, and the report does not return the message's headers (Message-ID)"
                    : "the VERP token's recipient is not among those the report names (" + names(relevant) + ")");
        }
        out.forEach(events);
        stats.matched.incrementAndGet();
        return new Result(Kind.MATCHED, out, line.toString());
    }

    /**
     * The address Salvo sent to, for one recipient of a report: with a token, the token's recipient when
     * the report names it (or when the report has a single recipient, as after a forward that rewrote
     * the address); without one, the address the report names.
     */
    private static String recipientOf(RecipientStatus r, VerpToken token, int count, ReturnedMessage returned) {
        if (token == null) {
            return r.address();
        }
        if (token.names(r.originalRecipient()) || token.names(r.finalRecipient())) {
            return token.recipient() != null ? token.recipient() : r.originalRecipient() != null
                    && token.names(r.originalRecipient()) ? r.originalRecipient() : r.finalRecipient();
        }
        if (count == 1) {
            if (token.recipient() != null) {
                return token.recipient();
            }
            if (token.names(returned.to())) {
                return returned.to();
            }
        }
        return null;
    }

    private Result complaint(Report.Complaint c, VerpToken token, byte[] raw) throws IOException {
        String recipient = null;
        if (token != null) {
            recipient = token.recipient();
            for (String candidate : new String[] {c.originalRcptTo(), c.returned().to()}) {
                if (recipient == null && token.names(candidate)) {
                    recipient = candidate;
                }
            }
        } else if (c.returned().messageId() != null) {
            recipient = c.originalRcptTo() != null ? c.originalRcptTo() : c.returned().to();
        }
        if (recipient == null) {
            stats.unmatched.incrementAndGet();
            return setAside(Kind.UNMATCHED, raw, token == null
                    ? "a complaint with no VERP token and no returned Message-ID and recipient"
                    : "a complaint whose VERP token names a hashed recipient the report does not name");
        }
        boolean verified = token != null;
        String agent = c.fields().get("user-agent");
        String destination = c.fields().getOrDefault("source-ip", c.fields().getOrDefault("reporting-mta", "feedback-loop"));
        DeliveryEvent e = new DeliveryEvent(clock.instant(), Outcome.COMPLAINT, c.returned().messageId(), recipient,
                destination, 0, null, null, "feedback-type " + c.feedbackType() + (agent == null ? "" : " from " + agent), null,
                null, verified ? "arf" : "arf-unverified");
        events.accept(e);
        stats.complaints.incrementAndGet();
        stats.matched.incrementAndGet();
        boolean suppressed = false;
        // RFC 5965 §7.3: "not-spam" says the opposite of a complaint.
        if (!c.feedbackType().equals("not-spam") && (verified || trustUnverified)) {
            String scope = c.returned().fromDomain() != null ? c.returned().fromDomain() : SuppressionList.GLOBAL;
            suppressed = add(new Suppression(scope, recipient, Suppression.Reason.COMPLAINT,
                    "complaint (" + c.feedbackType() + (agent == null ? "" : ", " + agent) + ")", clock.instant()));
        }
        return new Result(Kind.MATCHED, List.of(e), String.format("%-9s %s %s arf%s%s", "complaint", recipient,
                c.feedbackType(), verified ? " verp" : " headers", suppressed ? " +suppressed" : ""));
    }

    /** Files a report whose processing hit a bug, so that it is kept for a person and a fixed version. */
    Result setAsideAfterBug(byte[] raw, RuntimeException bug) throws IOException {
        stats.malformed.incrementAndGet();
        return setAside(Kind.MALFORMED, raw, "internal error while processing (please report it): " + bug);
    }

    private boolean add(Suppression s) {
        if (suppressions.add(s)) {
            stats.suppressed.incrementAndGet();
        }
        return true;
    }

    /** Files the report (the .reason file reads "KIND: reason") and makes its line. */
    private Result setAside(Kind kind, byte[] raw, String reason) throws IOException {
        String name = kind.name().toLowerCase(java.util.Locale.ROOT);
        String where = setAside == null ? "" : " -> " + setAside.put(raw, name + ": " + reason).getFileName();
        return new Result(kind, List.of(), String.format("%-9s %s%s", name, reason, where));
    }

    private static String response(RecipientStatus r) {
        return r.diagnostic() != null ? r.diagnostic() : "action " + r.action().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String names(List<RecipientStatus> rs) {
        return String.join(", ", rs.stream().map(r -> String.valueOf(r.address())).toList());
    }
}
