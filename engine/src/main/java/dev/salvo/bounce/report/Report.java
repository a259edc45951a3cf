package dev.salvo.bounce.report;

import java.util.List;
import java.util.Map;

/** What one inbound message turned out to be. */
public sealed interface Report {

    /**
     * A delivery report: a standard DSN, or a free-text bounce read by heuristics.
     *
     * @param format where it was read from: "rfc3464", or the heuristic that recognised it ("qmail", "exim", ...)
     * @param reportingMta the MTA that wrote it (Reporting-MTA without its type), or null
     */
    record Delivery(String format, String reportingMta, List<RecipientStatus> recipients, ReturnedMessage returned)
            implements Report {
        public Delivery {
            recipients = List.copyOf(recipients);
        }
    }

    /**
     * A complaint (RFC 5965 feedback report).
     *
     * @param feedbackType "abuse", "fraud", "not-spam", ... (§7.3), lower case
     * @param fields every field of the feedback-report part, names in lower case (User-Agent, Version,
     *     Original-Rcpt-To, Original-Mail-From, Arrival-Date, Source-IP, ...)
     */
    record Complaint(String feedbackType, String originalRcptTo, String originalMailFrom, Map<String, String> fields,
            ReturnedMessage returned) implements Report {
        public Complaint {
            fields = Map.copyOf(fields);
        }
    }

    /** Not readable as a bounce or a complaint; {@code reason} says why, for the set-aside file. */
    record Unreadable(String reason) implements Report {}
}
