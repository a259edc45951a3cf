package dev.salvo.smtp.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides each recipient's fate: local-part prefixes first (so a test can ask for a hard or soft
 * bounce by name), then the seeded percentages. The percentages draw from one sequence per sink,
 * so a single connection sees the same fates for the same seed on every run.
 */
final class RecipientPolicy {
    enum Verdict { ACCEPT, REJECT, TEMPFAIL }

    private final String rejectPrefix;
    private final String tempfailPrefix;
    private final int rejectPercent;
    private final int tempfailPercent;
    private final long seed;
    private final AtomicLong draws = new AtomicLong();

    RecipientPolicy(SinkConfig config) {
        this.rejectPrefix = emptyToNull(config.rejectPrefix());
        this.tempfailPrefix = emptyToNull(config.tempfailPrefix());
        this.rejectPercent = config.rejectPercent();
        this.tempfailPercent = config.tempfailPercent();
        this.seed = config.seed();
    }

    Verdict judge(String address) {
        int at = address.lastIndexOf('@');
        String localPart = at < 0 ? address : address.substring(0, at);
        if (rejectPrefix != null && localPart.startsWith(rejectPrefix)) {
            return Verdict.REJECT;
        }
        if (tempfailPrefix != null && localPart.startsWith(tempfailPrefix)) {
            return Verdict.TEMPFAIL;
        }
        if (rejectPercent == 0 && tempfailPercent == 0) {
            return Verdict.ACCEPT;
        }
        int roll = (int) Long.remainderUnsigned(splitMix64(seed + draws.incrementAndGet()), 100);
        if (roll < rejectPercent) {
            return Verdict.REJECT;
        }
        return roll < rejectPercent + tempfailPercent ? Verdict.TEMPFAIL : Verdict.ACCEPT;
    }

    /** SplitMix64's finaliser: a well-mixed 64-bit value from a counter. */
    private static long splitMix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
