package dev.salvo.bounce;

import java.util.concurrent.atomic.AtomicLong;

/** What the bounce processing has seen; thread-safe counters for the summary. */
public final class BounceStats {
    final AtomicLong reports = new AtomicLong();
    final AtomicLong matched = new AtomicLong();
    final AtomicLong unmatched = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong forged = new AtomicLong();
    final AtomicLong bounced = new AtomicLong();
    final AtomicLong delayed = new AtomicLong();
    final AtomicLong complaints = new AtomicLong();
    final AtomicLong suppressed = new AtomicLong();
    final AtomicLong refusedRecipients = new AtomicLong();

    public long reports() { return reports.get(); }
    public long matched() { return matched.get(); }
    public long unmatched() { return unmatched.get(); }
    public long malformed() { return malformed.get(); }
    /** Reports whose VERP token did not verify: refused at RCPT by the listener, set aside by import. */
    public long forged() { return forged.get(); }
    public long bounced() { return bounced.get(); }
    public long delayed() { return delayed.get(); }
    public long complaints() { return complaints.get(); }
    /** Suppression entries added. */
    public long suppressed() { return suppressed.get(); }
    /** RCPT TO refused: not the bounce domain, or not a valid VERP address. */
    public long refusedRecipients() { return refusedRecipients.get(); }

    public String summary() {
        return String.format("%,d reports: %,d matched, %,d unmatched, %,d malformed, %,d forged%n"
                        + "  bounced %,d  delayed %,d  complaints %,d  suppressed %,d  (recipients refused at RCPT %,d)",
                reports(), matched(), unmatched(), malformed(), forged(), bounced(), delayed(), complaints(), suppressed(),
                refusedRecipients());
    }
}
