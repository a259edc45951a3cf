package dev.salvo.cli;

import dev.salvo.events.EventLog;
import dev.salvo.message.EmailAddress;
import dev.salvo.message.MessageContent;
import dev.salvo.smtp.ConnectionSettings;
import dev.salvo.smtp.SessionInfo;
import dev.salvo.smtp.SmtpClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * One validated send: recipients through a relay over N connections, with progress, events and the
 * summary. `salvo send` builds it from flags; `salvo demo` from the sink it started. The caller owns
 * {@code content} and releases it after {@link #run} returns.
 */
record SendJob(
        ConnectionSettings settings,
        EmailAddress sender,
        RecipientSource.Resolved recipients,
        MessageContent content,
        int connections,
        Path events,
        ProgressLine.Mode progressMode) {

    /** Sends everything and returns the counts; the summary goes to {@code out}. */
    Tally run(PrintWriter out, PrintWriter err) {
        long start = System.nanoTime();
        int threads = Math.min(connections, Runtime.getRuntime().availableProcessors());
        try (EventLog log = openEvents(); SmtpClient client = new SmtpClient(threads)) {
            Tally tally = new Tally(recipients.valid().size() + recipients.rejected().size());
            Outcomes outcomes = new Outcomes(tally, log, Clock.systemUTC(), content.messageIdHeader(), settings.destination());
            recipients.rejected().forEach(outcomes::rejected);
            ProgressLine progress = new ProgressLine(err, progressMode, start);
            SessionInfo session;
            try {
                session = new Dispatcher(client, settings, sender, recipients.valid(), content, connections, outcomes, progress).run();
            } finally {
                progress.finish();
            }
            SendSummary.print(out, tally, settings.destination(), session, System.nanoTime() - start);
            return tally;
        } catch (UncheckedIOException eventsNotWritten) {
            // The mail went out; only the record of it is incomplete, and the user must know.
            throw new UserError(eventsNotWritten.getMessage(), ExitCodes.PARTIAL);
        }
    }

    private EventLog openEvents() {
        if (events == null) {
            return null;
        }
        try {
            return EventLog.open(events);
        } catch (IOException e) {
            throw new UserError("cannot create the events file '" + events + "': " + e.getMessage());
        }
    }
}
