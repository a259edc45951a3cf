package dev.salvo.blast;

import java.io.PrintWriter;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The report on stdout: counts, throughput, a latency table per phase, reply codes and errors. */
final class TextReport {
    private TextReport() {}

    static void print(PrintWriter out, BlastSummary s) {
        out.printf("salvo blast %s: %,d messages over %d connection%s in %.2f s%s%n", s.target(), s.sent(),
                s.connections(), s.connections() == 1 ? "" : "s", s.seconds(),
                s.rateTarget() > 0 ? String.format(" (target %,.0f msg/s)", s.rateTarget()) : "");
        out.printf("  sent %,d  delivered %,d  deferred %,d  bounced %,d  unanswered %,d%n", s.sent(), s.delivered(),
                s.deferred(), s.bounced(), s.sent() - s.answered());
        out.printf("  throughput %,.1f msg/s, %.2f MB/s; %,d connection%s opened%n", s.messagesPerSecond(),
                s.megabytesPerSecond(), s.connectionsOpened(), s.connectionsOpened() == 1 ? "" : "s");
        out.println();
        out.printf("  %-14s %9s %9s %9s %9s %9s %9s%n", "latency (ms)", "p50", "p90", "p99", "p99.9", "max", "count");
        for (Map.Entry<String, Histogram> e : s.phases().entrySet()) {
            Histogram h = e.getValue();
            if (h.getTotalCount() == 0) {
                out.printf("  %-14s %9s %9s %9s %9s %9s %9d%n", e.getKey(), "-", "-", "-", "-", "-", 0);
                continue;
            }
            out.printf("  %-14s %9.3f %9.3f %9.3f %9.3f %9.3f %,9d%n", e.getKey(), PhaseMeter.millis(h, 50),
                    PhaseMeter.millis(h, 90), PhaseMeter.millis(h, 99), PhaseMeter.millis(h, 99.9),
                    PhaseMeter.maxMillis(h), h.getTotalCount());
        }
        out.println(s.rateTarget() > 0
                ? "  (total runs from when each message was due, so waiting behind a slow server counts)"
                : "  (closed loop: total runs from when each message was handed to a connection; --rate for an open loop)");
        out.println();
        out.println("  reply codes: " + (s.replyCodes().isEmpty() ? "none" : counts(s.replyCodes())));
        StringBuilder errors = new StringBuilder();
        if (!s.deferredByCode().isEmpty()) {
            errors.append(" deferred ").append(counts(s.deferredByCode())).append(';');
        }
        if (!s.bouncedByCode().isEmpty()) {
            errors.append(" bounced ").append(counts(s.bouncedByCode())).append(';');
        }
        if (!s.sessionFailures().isEmpty()) {
            errors.append(" sessions ").append(counts(s.sessionFailures())).append(';');
        }
        out.println("  errors:" + (errors.length() == 0 ? " none" : errors.substring(0, errors.length() - 1)));
        if (s.abandoned() != null) {
            out.println("  stopped early: " + s.abandoned());
        }
        out.flush();
    }

    private static String counts(Map<?, Long> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(String.format("x%,d", v)));
        return sb.toString();
    }
}
