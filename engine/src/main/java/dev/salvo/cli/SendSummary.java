package dev.salvo.cli;

import dev.salvo.smtp.SessionInfo;
import java.io.PrintWriter;
import java.util.List;

/** The summary `salvo send --message` prints on stdout when it is done. */
final class SendSummary {
    private SendSummary() {}

    static void print(PrintWriter out, Tally t, String destination, SessionInfo session, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        int sent = t.delivered() + t.bounced() + t.expired();
        out.printf("sent to %s: %,d recipients in %.2f s (%,.1f messages/s)%n",
                destination, t.total, seconds, seconds > 0 ? sent / seconds : 0.0);
        out.printf("  delivered %,d  bounced %,d  expired %,d  rejected %,d  (deferred attempts %,d)%n",
                t.delivered(), t.bounced(), t.expired(), t.rejected(), t.deferredAttempts());
        if (t.suppressed() > 0) {
            out.printf("  suppressed %,d (on the suppression list, not sent)%n", t.suppressed());
        }
        if (session != null) {
            String tls = session.tlsProtocol() == null ? "none (plaintext)" : session.tlsProtocol() + " " + session.tlsCipher();
            String auth = session.authMechanism() == null ? "none" : session.authMechanism();
            out.printf("  tls: %s  auth: %s%n", tls, auth);
        }
        List<String> top = t.topFailures(5);
        if (!top.isEmpty()) {
            out.printf("  top failures: %s%n", String.join(", ", top));
        }
        out.flush();
    }
}
